import WebSocket from 'ws';
import { BOARD_NAME, BOARD_PATH, boardProtocols } from '../../shared/src/protocol/boardEndpoint.ts';
import { awarenessMessage } from './awarenessWire.ts';

/**
 * A hostile member in a process of its own: it opens `connections` board connections with its own
 * key from `localAddress`, each announcing itself as a device of its own every 20 ms, and opens a
 * connection again whenever the server closes one, until killed. Prints `ready` once every
 * connection has been tried, then each close code the first time it sees it (`closed CODE`).
 *
 * node --import tsx tests/helpers/boardFlooder.ts <url> <roomId> <secret> <memberId> <localAddress> <connections>
 */
const [url = '', roomId = '', secret = '', memberId = '', localAddress, countArg = '99'] = process.argv.slice(2);
const seen = new Set<number>();
const boardUrl = `${url.replace(/^http/, 'ws')}${BOARD_PATH}/${BOARD_NAME}`;
let pending = Number(countArg);

function said(code: number): void {
  if (seen.has(code)) return;
  seen.add(code);
  process.stdout.write(`closed ${code}\n`);
}

function tried(): void {
  if (--pending === 0) process.stdout.write('ready\n');
}

function connect(slot: number, first: boolean): void {
  const clientId = 1_000_000 + slot;
  let clock = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const ws = new WebSocket(boardUrl, boardProtocols(roomId, secret), { localAddress });
  ws.on('open', () => {
    if (first) tried();
    first = false;
    timer = setInterval(() => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(awarenessMessage([{ clientId, clock: ++clock, state: { memberId, editing: null, n: clock } }]));
    }, 20);
  });
  ws.on('error', () => {});
  ws.on('close', (code) => {
    said(code);
    clearInterval(timer);
    if (first) tried();
    first = false;
    // Straight back in, as a script would.
    setTimeout(() => connect(slot, false), 10);
  });
}

for (let slot = 0; slot < Number(countArg); slot++) connect(slot, true);
