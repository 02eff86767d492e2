import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, type App } from '../../server/src/app.ts';
import type { Clock } from '../../server/src/clock.ts';
import type { ServerConfig } from '../../server/src/config.ts';
import type { Logger } from '../../server/src/log.ts';
import type { CreateRoomRequest, CreateRoomResponse } from '../../shared/src/protocol/rest.ts';

export interface TestServer extends App {
  url: string;
  createRoom(body?: Partial<CreateRoomRequest>): Promise<CreateRoomResponse>;
  close(): Promise<void>;
}

/** The real server on a free loopback port. */
export async function startServer(
  options: { clock?: Clock; config?: Partial<ServerConfig>; logger?: Logger } = {},
): Promise<TestServer> {
  const app = await buildApp(options);
  await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.fastify.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...app,
    url,
    async createRoom(body = {}) {
      // Most tests are about other rules: their rooms take people without a knock unless they say so.
      const sent = {
        templateId: 'weekly-45',
        purpose: 'A test group',
        tokensPerMember: 3,
        admission: 'open',
        ...body,
      };
      const { status, text } = await postJson(`${url}/api/rooms`, sent);
      if (status !== 201) throw new Error(`create failed: ${status} ${text}`);
      return JSON.parse(text) as CreateRoomResponse;
    },
    close: () => app.fastify.close(),
  };
}

/**
 * POSTs JSON on a connection of its own that closes with the answer: a pooled keep-alive
 * connection would count against the test's address, as every TCP connection does [RC5].
 */
export function postJson(url: string, body: unknown, localAddress?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, {
      method: 'POST',
      agent: false,
      ...(localAddress ? { localAddress } : {}),
      headers: { 'content-type': 'application/json', connection: 'close' },
    });
    sent.once('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.once('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    sent.once('error', reject);
    sent.end(JSON.stringify(body));
  });
}
