import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * A raw TCP connection from `localAddress` that starts a request and then sends one header line
 * every `everyMs`, never finishing: a slow-headers ("slowloris") client. `answer` resolves with the
 * first bytes the server sends, or '' if it closes without a word.
 */
export interface Dribble {
  connected: Promise<void>;
  answer: Promise<string>;
  closed: Promise<void>;
  socket: Socket;
}

export function dribble(url: string, localAddress: string, everyMs = 5_000): Dribble {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port), localAddress });
  socket.on('error', () => {});
  let timer: ReturnType<typeof setInterval> | undefined;
  const connected = new Promise<void>((resolve) =>
    socket.once('connect', () => {
      socket.write(`GET /api/config HTTP/1.1\r\nHost: ${hostname}\r\n`);
      timer = setInterval(() => socket.write('X-Slow: 1\r\n'), everyMs);
      resolve();
    }),
  );
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve();
    }),
  );
  const answer = new Promise<string>((resolve) => {
    socket.once('data', (data: Buffer) => resolve(data.toString('latin1')));
    void closed.then(() => resolve(''));
  });
  return { connected, answer, closed, socket };
}

/** GET a path from `localAddress` on a connection of its own; resolves with the status, or the error's code. */
export function getFrom(url: string, localAddress: string, ms = 5_000): Promise<number | string> {
  return new Promise((resolve) => {
    const sent = request(url, { agent: false, localAddress, timeout: ms });
    sent.once('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.once('timeout', () => {
      sent.destroy();
      resolve('timeout');
    });
    sent.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    sent.end();
  });
}
