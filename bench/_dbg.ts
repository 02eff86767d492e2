import { launchBrowser, openDevice, enterAsCreator, joinRoom } from '../tests/helpers/browser.ts';
import { startServer } from '../tests/helpers/server.ts';
const server = await startServer({ config: { clientDir: '/tmp/dist-dbg' } });
const browser = await launchBrowser();
const d = await openDevice(browser, 'Fran', { viewport: { width: 360, height: 740 } });
await d.context.addInitScript(() => {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (String(args[0]).includes('derived_inert')) warn('STACK', new Error().stack);
    warn(...args);
  };
});
d.page.on('console', (m) => {
  if (m.type() === 'warning') console.log('console', m.text().slice(0, 3000));
});
const room = await server.createRoom({ admission: 'knock' });
await enterAsCreator(d, server.url, room.roomId, room.secret);
await d.page.waitForTimeout(1000);
await browser.close();
await server.close();
process.exit(0);
