import { measureOffset } from '../../shared/src/clock.ts';
import { remainingMs } from '../../shared/src/room/timer.ts';
import { testMemberOf } from '../lib/trees.ts';
import { createRoom } from './drivers.ts';
import { phaseTimer } from '../../shared/src/room/state.ts';

export interface ClockOptions {
  url: string;
  /** The source tree of the server measured: its devices replay the room by its rules. */
  tree: string;
  clients: number;
  trials: number;
  /** Each device's clock is off by up to this much, either way. */
  skewMs: number;
  /** Each direction of each round trip is delayed by 0 to this much, at random. */
  jitterMs: number;
}

export interface ClockResult {
  /** Per trial: the largest minus the smallest remaining time the devices would show at one instant. */
  spreads: number[];
  /** Per device and trial: how far its remaining time is from the server's own. */
  errors: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Timer agreement: `clients` devices in one room, each with a wrong clock and a jittery network,
 * each estimating the server clock with the page's own estimator (shared/src/clock.ts, 8 round
 * trips) and replaying the room with the page's own replica. At one instant, every device computes
 * the remaining time it would show.
 */
export async function runClockAgreement(options: ClockOptions): Promise<ClockResult> {
  const result: ClockResult = { spreads: [], errors: [] };
  const TestMember = await testMemberOf(options.tree);
  for (let trial = 0; trial < options.trials; trial++) {
    const { roomId, secret } = await createRoom(options.url, 'open');
    const facilitator = await TestMember.join(options.url, roomId, 'Facilitator', secret);
    const others = await Promise.all(
      Array.from({ length: options.clients - 1 }, (_, i) => TestMember.join(options.url, roomId, `Device ${i + 1}`)),
    );
    const everyone = [facilitator, ...others];
    await facilitator.do({ type: 'session:start' });
    const skews = everyone.map(() => Math.round((Math.random() * 2 - 1) * options.skewMs));
    const delay = () => sleep(Math.random() * options.jitterMs);
    const offsets = await Promise.all(
      everyone.map(async (m, i) => {
        await m.until(() => m.state?.session.stage === 'running', 'the phase timer', 30_000);
        const estimate = await measureOffset(
          async () => {
            await delay();
            const { serverNow } = await m.socket.emitWithAck('clock:ping', {});
            await delay();
            return serverNow;
          },
          8,
          () => Date.now() + skews[i]!,
        );
        return estimate!.offsetMs;
      }),
    );
    const instant = Date.now();
    const truth = remainingMs(phaseTimer(facilitator.state!)!, instant);
    const shown = everyone.map((m, i) => remainingMs(phaseTimer(m.state!)!, instant + skews[i]! + offsets[i]!));
    result.spreads.push(Math.max(...shown) - Math.min(...shown));
    result.errors.push(...shown.map((s) => Math.abs(s - truth)));
    await facilitator.send({ type: 'room:end' });
    for (const m of everyone) m.close();
  }
  return result;
}
