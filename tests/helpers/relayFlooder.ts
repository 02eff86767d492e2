import { io } from 'socket.io-client';
import { importBoardKey, newBoardKeyBytes } from '../../shared/src/crypto/boardKey.ts';
import { newStreamId, sealFrame } from '../../shared/src/crypto/frame.ts';
import { memberKeysFrom } from '../../shared/src/crypto/memberKeys.ts';

/**
 * A hostile member in a process of its own: it opens the board on `sockets` connections of its
 * member from `localAddress`, and each sends an awareness frame every 20 ms, each on a fresh stream
 * (seq 0), signed with the member's roster key (its seed, in hex), until killed. Frames are made
 * ahead, so the flood's pace is the sockets', not the signing's. Prints `ready` once every socket
 * has its subscription, then each close code the first time it sees it (`closed CODE`).
 *
 * node --import tsx tests/helpers/relayFlooder.ts <url> <roomId> <secret> <seedHex> <epoch> <localAddress> <sockets>
 */
const [url = '', roomId = '', secret = '', seedHex = '', epochArg = '0', localAddress, countArg = '4'] =
  process.argv.slice(2);
const epoch = Number(epochArg);
const count = Number(countArg);
const FRAMES_AHEAD = 1_500;
const seen = new Set<number>();

const keys = await memberKeysFrom(Buffer.from(seedHex, 'hex'));
const boardKey = await importBoardKey(newBoardKeyBytes());
const frames: Uint8Array[] = [];
for (let i = 0; i < FRAMES_AHEAD; i++) {
  const plaintext = new TextEncoder().encode(JSON.stringify({ editing: null, n: i }));
  frames.push(
    await sealFrame({
      roomId,
      kind: 'awareness',
      epoch,
      stream: newStreamId(),
      seq: 0,
      covers: 0,
      plaintext,
      boardKey,
      keys,
    }),
  );
}
let next = 0;

let pending = count;
for (let slot = 0; slot < count; slot++) {
  const socket = io(url, {
    auth: { roomId, secret },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(localAddress ? { localAddress } : {}),
  });
  socket.on('board:closed', ({ code }: { code: number }) => {
    if (!seen.has(code)) process.stdout.write(`closed ${code}\n`);
    seen.add(code);
    // Straight back in, as a script would.
    socket.emit('board:open', {}, () => {});
  });
  socket.once('room:snapshot', () => {
    socket.emit('board:open', {}, () => {
      if (--pending === 0) process.stdout.write('ready\n');
      setInterval(() => socket.emit('board:frame', frames[next++ % FRAMES_AHEAD]), 20);
    });
  });
}
