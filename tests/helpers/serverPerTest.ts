import { afterEach, beforeEach } from 'vitest';
import type { BoardDevice } from './boardDevice.ts';
import type { TestMember } from './member.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * A real server on a free port for each test of the file, and what the test opened on it: every
 * board and member pushed here is let go after the test, then the server closes.
 */
export function serverPerTest(): { readonly server: TestServer; members: TestMember[]; boards: BoardDevice[] } {
  let server: TestServer | null = null;
  const members: TestMember[] = [];
  const boards: BoardDevice[] = [];
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    for (const b of boards.splice(0)) b.destroy();
    for (const m of members.splice(0)) m.close();
    await server?.close();
    server = null;
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error('no server outside a test');
      return server;
    },
    members,
    boards,
  };
}
