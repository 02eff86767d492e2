import type { Socket as NetSocket } from 'node:net';
import { io } from 'socket.io-client';

/**
 * A hostile member in a process of its own, as an attacker's machine would be: it opens `stalled`
 * connections to its room with its secret and stops reading on every one, then floods the room
 * with commands as fast as the server answers, until it is killed. Prints `ready` once stalled.
 *
 * node --import tsx tests/helpers/flooder.ts <url> <roomId> <secret> <stalled>
 */
const [url = '', roomId, secret, stalledArg = '0'] = process.argv.slice(2);
const auth = { roomId, secret };
const connect = () => io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });

/** A connection that stops reading once it is in; the server may also have let it go by then. */
async function stalledConnection(): Promise<void> {
  const socket = connect();
  await new Promise<void>((resolve) => {
    socket.once('room:snapshot', () => resolve());
    socket.once('disconnect', () => resolve());
  });
  const transport = socket.io.engine?.transport as unknown as { ws?: { _socket?: NetSocket } } | undefined;
  transport?.ws?._socket?.pause();
}

await Promise.all(Array.from({ length: Number(stalledArg) }, stalledConnection));
const flooder = connect();
await new Promise<void>((resolve) => flooder.once('room:snapshot', () => resolve()));
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  await Promise.all(
    Array.from({ length: 20 }, (_, j) =>
      flooder.emitWithAck('room:command', {
        requestId: `flood-${i}-${j}-aaaaaaaa`,
        command: { type: 'queue:autoCall', on: (i + j) % 2 === 0 },
      }),
    ),
  );
}
