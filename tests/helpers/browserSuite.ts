import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Clock } from '../../server/src/clock.ts';
import type { RoomState } from '../../shared/src/room/state.ts';
import { clientDir, type Device, launchBrowser, takeConsoleProblems } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * One Chromium and one real server (serving the built client) for a file of browser tests,
 * started before its tests and closed after them. After each test its devices are closed, and no
 * page it opened may have printed a warning or an error it did not expect.
 */
export function browserSuite(options: { clock?: Clock } = {}): {
  browser: Browser;
  server: TestServer;
} {
  const suite = {} as { browser: Browser; server: TestServer };
  beforeAll(async () => {
    [suite.browser, suite.server] = await Promise.all([
      launchBrowser(),
      startServer({ ...options, config: { clientDir } }),
    ]);
  });
  afterEach(async () => {
    // Each test's devices go with it: their connections would otherwise pile up against the
    // server's share for one address (every device here is 127.0.0.1).
    const problems = takeConsoleProblems();
    await Promise.all(suite.browser.contexts().map((context) => context.close()));
    expect(problems, 'console warnings and errors').toEqual([]);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/** The room a device's page is in, as `server` holds it. */
export function serverRoomOf(server: TestServer, device: Device): RoomState {
  const roomId = new URL(device.page.url()).hash.split('/').at(-1) ?? '';
  const host = server.registry.get(roomId);
  if (!host) throw new Error(`no room ${roomId} on the server`);
  return host.state;
}
