import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { BoardRoomOptions } from '../../server/src/board/boardRoom.ts';
import type { Clock } from '../../server/src/clock.ts';
import { clientDir, launchBrowser } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * One Chromium and one real server (serving the built client) for a file of browser tests,
 * started before its tests and closed after them.
 */
export function browserSuite(options: { clock?: Clock; board?: BoardRoomOptions } = {}): {
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
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
