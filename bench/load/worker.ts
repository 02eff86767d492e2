/**
 * A load-generator process: the benchmark runner forks a few of these and asks them, over IPC,
 * to fill rooms, drive traffic, run joins and so on. Real clients (socket.io-client, ws, and for
 * Holdspace's board the page's own link: the stock y-websocket provider over the end-to-end
 * encrypted relay on each member's connection) on loopback; nothing is shared with the server's
 * process.
 */
import { runBoardSync } from './boardSync.ts';
import { runClockAgreement, type ClockOptions } from './clockAgreement.ts';
import { type JoinsOptions, runJoins } from './joins.ts';
import { type FillOptions, RoomSet } from './roomSet.ts';
import { Traffic } from './traffic.ts';

export type WorkerRequest =
  | { op: 'fill'; options: FillOptions }
  | { op: 'startTraffic'; commandsPerSecond: number }
  | { op: 'mark' }
  | { op: 'stopTraffic'; drainMs: number }
  | { op: 'endAll' }
  | { op: 'closeAll' }
  | { op: 'joins'; options: JoinsOptions }
  | { op: 'clock'; options: ClockOptions }
  | { op: 'boardSync'; url: string; runs: number; size: number };

// Fifty devices in one process each add a listener for process exit (engine.io-client).
process.setMaxListeners(0);

let set = new RoomSet();
let traffic: Traffic | null = null;

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'fill':
      return set.fill(request.options);
    case 'startTraffic':
      traffic = new Traffic(set);
      traffic.start(request.commandsPerSecond);
      return null;
    case 'mark':
      traffic?.mark();
      return null;
    case 'stopTraffic': {
      const result = await traffic?.stop(request.drainMs);
      traffic = null;
      return result;
    }
    case 'endAll': {
      const ended = await set.endAll();
      set = new RoomSet();
      return ended;
    }
    case 'closeAll': {
      const closed = set.closeAll();
      set = new RoomSet();
      return closed;
    }
    case 'joins':
      return runJoins(request.options);
    case 'clock':
      return runClockAgreement(request.options);
    case 'boardSync':
      return runBoardSync(request.url, request.runs, request.size);
  }
}

process.on('message', (message: { id: number; request: WorkerRequest }) => {
  handle(message.request).then(
    (result) => process.send?.({ id: message.id, ok: true, result }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
