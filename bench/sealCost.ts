// What sealing costs the server per accepted command: the state's JSON and its HMAC, for
// a twelve-member room mid-session, against the JSON.stringify the server does for a snapshot.
// Run: node --import tsx bench/sealCost.ts
import { randomBytes } from 'node:crypto';
import { sealKeysFrom } from '../server/src/resume/sealKeys.ts';
import { StateSealer } from '../server/src/resume/stateSealer.ts';
import { lobby, must, T0 } from '../tests/helpers/rooms.ts';

const names = Array.from({ length: 11 }, (_, i) => `member${i}`);
let state = must(lobby(names), { type: 'session:start' }, 'fac', T0);
for (let i = 0; i < 3; i++) state = must(state, { type: 'phase:next' }, 'fac', T0 + i);

const sealer = new StateSealer(sealKeysFrom(`k1:${randomBytes(32).toString('base64url')}`)!);
const context = { roomId: 'r'.repeat(24), generation: 0, epoch: 3 };

function median(run: () => void, rounds = 25, perRound = 400): number {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) run();
    samples.push(Number(process.hrtime.bigint() - start) / perRound / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

median(() => sealer.seal(state, context), 5);
const seal = median(() => sealer.seal(state, context));
const stringify = median(() => JSON.stringify(state));
const bytes = JSON.stringify(state).length;
console.log(`state of 12 members mid-session: ${bytes} bytes of JSON`);
console.log(`seal (JSON + HMAC-SHA256)         : median ${seal.toFixed(1)} µs per command`);
console.log(
  `JSON.stringify of the same state:    median ${stringify.toFixed(1)} µs (${(seal / stringify).toFixed(1)}×)`,
);
