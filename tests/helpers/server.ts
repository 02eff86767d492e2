import type { AddressInfo } from 'node:net';
import { buildApp, type App } from '../../server/src/app.ts';
import type { BoardRoomOptions } from '../../server/src/board/boardRoom.ts';
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
  options: { clock?: Clock; config?: Partial<ServerConfig>; logger?: Logger; board?: BoardRoomOptions } = {},
): Promise<TestServer> {
  const app = await buildApp(options);
  await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.fastify.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...app,
    url,
    async createRoom(body = {}) {
      const response = await fetch(`${url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Most tests are about other rules: their rooms take people without a knock unless they say so.
        body: JSON.stringify({
          templateId: 'weekly-45',
          purpose: 'A test group',
          tokensPerMember: 3,
          admission: 'open',
          ...body,
        }),
      });
      if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as CreateRoomResponse;
    },
    close: () => app.fastify.close(),
  };
}
