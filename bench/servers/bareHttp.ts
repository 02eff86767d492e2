import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * The HTTP half of a bare relay: POST /api/rooms makes a room id (and a secret, unused) the way
 * Holdspace's route answers, so creating a room costs a baseline the same round trip.
 */
export function roomCreationServer(onCreate: (roomId: string) => void): Server {
  return createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/api/rooms') {
      response.writeHead(404).end();
      return;
    }
    request.resume();
    request.on('end', () => {
      const roomId = randomBytes(18).toString('base64url');
      onCreate(roomId);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ roomId, secret: randomBytes(32).toString('base64url') }));
    });
  });
}

/** Listens on PORT/HOST and prints the line the benchmark waits for, as Holdspace's main.ts does. */
export async function listenAndAnnounce(http: Server): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  await new Promise<void>((resolve) => http.listen(port, process.env.HOST ?? '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ event: 'server.listening', port })}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
}
