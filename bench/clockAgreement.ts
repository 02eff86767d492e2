/**
 * Timer agreement across devices whose clocks are wrong: 12 members of one room, each device
 * clock off by up to ±10 minutes, each estimating the server clock with the client's own
 * measureOffset over a real socket. Prints the spread of the remaining time they would show at
 * the same instant. Run: npx tsx bench/clockAgreement.ts
 */
import { measureOffset } from '../shared/src/clock.ts';
import { remainingMs } from '../shared/src/room/timer.ts';
import { roomWith } from '../tests/helpers/room.ts';
import { startServer } from '../tests/helpers/server.ts';
import { percentile } from './stats.ts';

const TRIALS = Number(process.env.TRIALS ?? 30);
// Benchmarks make hundreds of rooms from one address.
const server = await startServer({ config: { roomCreationBurst: 1_000_000 } });
const spreads: number[] = [];
const errors: number[] = [];
for (let trial = 0; trial < TRIALS; trial++) {
  const names = Array.from({ length: 11 }, (_, i) => `M${i}`);
  const { everyone, facilitator } = await roomWith(server, names);
  await facilitator.do({ type: 'session:start' });
  const skews = everyone.map(() => Math.round((Math.random() * 2 - 1) * 600_000));
  const offsets = await Promise.all(
    everyone.map(async (m, i) => {
      await m.until(() => m.state!.phaseTimer !== null, 'timer');
      const estimate = await measureOffset(
        async () => (await m.socket.emitWithAck('clock:ping', {})).serverNow,
        8,
        () => Date.now() + skews[i]!,
      );
      return estimate!.offsetMs;
    }),
  );
  const instant = Date.now();
  const shown = everyone.map((m, i) => remainingMs(m.state!.phaseTimer!, instant + skews[i]! + offsets[i]!));
  const truth = remainingMs(facilitator.state!.phaseTimer!, instant);
  spreads.push(Math.max(...shown) - Math.min(...shown));
  errors.push(...shown.map((s) => Math.abs(s - truth)));
  await facilitator.send({ type: 'room:end' });
  for (const m of everyone) m.close();
}
await server.close();
console.log(`clock agreement over loopback, ${TRIALS} rooms × 12 devices, device clocks off by up to ±10 min`);
console.log(
  `  spread across a room's devices: median ${percentile(spreads, 50).toFixed(2)} ms, p99 ${percentile(spreads, 99).toFixed(2)} ms`,
);
console.log(
  `  error vs server time per device: median ${percentile(errors, 50).toFixed(2)} ms, p99 ${percentile(errors, 99).toFixed(2)} ms`,
);
