/**
 * Board frame crypto in Node, with each curve suite: the median time to seal and open a frame of a
 * 200-byte update, and to verify one (what the server does for every frame), over many runs after
 * a warm-up.
 * Run: npx tsx bench/cryptoFrames.ts [runs, default 2000]
 */
import { importBoardKey, newBoardKeyBytes } from '../shared/src/crypto/boardKey.ts';
import { type CurveSuiteKind, setCurveSuiteForTests } from '../shared/src/crypto/curves.ts';
import { newStreamId, openFrame, sealFrame, verifyFrame } from '../shared/src/crypto/frame.ts';
import { memberKeysFrom, newKeySeed } from '../shared/src/crypto/memberKeys.ts';
import { median } from './lib/stats.ts';

const runs = Number(process.argv[2] ?? 2_000);
const roomId = 'bench-room';

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(200, runs); i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

for (const kind of ['webcrypto', 'noble'] as CurveSuiteKind[]) {
  setCurveSuiteForTests(kind);
  const keys = await memberKeysFrom(newKeySeed());
  const boardKey = await importBoardKey(newBoardKeyBytes());
  const stream = newStreamId();
  const plaintext = crypto.getRandomValues(new Uint8Array(200));
  let seq = 0;
  const seal = () =>
    sealFrame({ roomId, kind: 'update', epoch: 1, stream, seq: seq++, covers: 0, plaintext, boardKey, keys });
  const frame = await seal();
  const sealOpen = await timed(async () => {
    const sealed = await seal();
    if (!(await openFrame(roomId, sealed, boardKey))) throw new Error('did not open');
  });
  const verify = await timed(async () => {
    if (!(await verifyFrame(roomId, frame, keys.signPublic))) throw new Error('did not verify');
  });
  console.log(
    `${kind.padEnd(9)}  seal+open ${median(sealOpen).toFixed(3)} ms  verify ${median(verify).toFixed(3)} ms  (${runs} runs, median)`,
  );
}
