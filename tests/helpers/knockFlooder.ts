import { io } from 'socket.io-client';
import { DeviceKeys } from './deviceKeys.ts';

/**
 * A stranger holding only a room's link, in a process of its own: `sockets` connections from
 * `localAddress` that each knock, leave as soon as the knock is answered (which withdraws it), and
 * knock again on a fresh connection, as fast as the server answers, until killed. Prints `ready` once the first round is in, then
 * each refusal code the first time it sees it (`refused CODE`).
 *
 * node --import tsx tests/helpers/knockFlooder.ts <url> <roomId> <localAddress> <sockets>
 */
const [url = '', roomId, localAddress, socketsArg = '12'] = process.argv.slice(2);
const seen = new Set<string>();
let firstRound = Number(socketsArg);
/** One set of keys for every knock: they are proved, never let in, so never in a roster together. */
const keys = new DeviceKeys();

function said(code: string): void {
  if (seen.has(code)) return;
  seen.add(code);
  process.stdout.write(`refused ${code}\n`);
}

function roundDone(): void {
  if (--firstRound === 0) process.stdout.write('ready\n');
}

/** One knock on a fresh connection; resolves when the server has answered it one way or another. */
function knockOnce(n: number): Promise<void> {
  const socket = io(url, {
    auth: { roomId },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    // engine.io-client hands this to the WebSocket library in Node; its types leave it out.
    ...({ localAddress } as object),
  });
  return new Promise<void>((resolve) => {
    const done = () => {
      socket.disconnect();
      resolve();
    };
    socket.once('connect_error', (e) => {
      said(e.message);
      done();
    });
    socket.once('disconnect', done);
    socket.once('room:declined', done);
    socket.once('room:preview', async ({ challenge }) => {
      try {
        const request = { name: `Knock ${n}`, agreed: true as const, keys: keys.join(roomId ?? '', challenge) };
        const reply = await socket.timeout(5_000).emitWithAck('room:join', request);
        if (!reply.ok) said(reply.code);
        // Knocked or not, away at once, and knock again: the churn of knocks made and withdrawn.
        done();
      } catch {
        done();
      }
    });
  });
}

async function loop(slot: number): Promise<void> {
  for (let i = 0; ; i++) {
    const knock = knockOnce(slot * 1_000_000 + i);
    if (i === 0) setTimeout(roundDone, 200);
    await knock;
  }
}

for (let slot = 0; slot < Number(socketsArg); slot++) void loop(slot);
