/**
 * Attacks at the edges of the server: what each does to a quiet room on the same process. Each
 * attack runs from an address of its own (127.0.0.3), against the server's default budgets, while
 * three members of another room sample the clock (tests/helpers/probe.ts); each line gives the
 * quiet room's p50, p99, longest gap and unanswered samples, before the attack and under it.
 *
 *   board fan-out   a reader's 4 sockets (a member's most), each opening the board and sending an
 *                   encrypted awareness frame on a fresh stream every 20 ms
 *   knock churn     40 sockets that knock, leave and knock again while the facilitator declines
 *   slow headers    365 connections that send one header line every 5 s
 *
 * Run: node --import tsx bench/edgeAttacks.ts [probe samples per member, default 150]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dribble, getFrom } from '../tests/helpers/dribble.ts';
import { TestMember } from '../tests/helpers/member.ts';
import { describeProbe, type ProbeFigures, probeQuietRoom } from '../tests/helpers/probe.ts';
import { roomWith } from '../tests/helpers/room.ts';
import { RelayDevice, testBoardKey } from '../tests/helpers/relayDevice.ts';
import { postJson, startServer } from '../tests/helpers/server.ts';

const ATTACKER = '127.0.0.3';
const NEWCOMER = '127.0.0.2';
const samples = Number(process.argv[2] ?? 150);

const server = await startServer({ config: { roomCreationBurst: 1_000 } });
const quiet = await roomWith(server, ['Quiet', 'Calm']);
const probe = () => probeQuietRoom(quiet.everyone, { count: samples });

function report(attack: string, baseline: ProbeFigures, under: ProbeFigures, extra = ''): void {
  console.log(`${attack}\n  ${describeProbe('before', baseline)}\n  ${describeProbe('under ', under)}${extra}`);
}

/** Runs a helper script as a process of its own until `ready`; resolves with its output so far. */
async function attacker(script: string, args: string[]): Promise<{ said: () => string; stop: () => void }> {
  const child = spawn(process.execPath, [
    '--import',
    'tsx',
    fileURLToPath(new URL(`../tests/helpers/${script}`, import.meta.url)),
    ...args,
  ]);
  let said = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      said += data.toString();
      if (said.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return { said: () => said, stop: () => child.kill('SIGKILL') };
}

async function boardFanout(sockets: number): Promise<void> {
  const loud = await roomWith(server, ['Reader']);
  const reader = loud.members[0]!;
  // Someone in the loud room hears the coalesced awareness, so the relay fans out as it would.
  const observer = await RelayDevice.open(loud.facilitator, await testBoardKey());
  const relay = server.boards.get(loud.roomId)!;
  const baseline = await probe();
  const attack = await attacker('relayFlooder.ts', [
    server.url,
    reader.roomId,
    reader.secret!,
    Buffer.from(reader.keys.seed).toString('hex'),
    String(relay.epoch),
    ATTACKER,
    String(sockets),
  ]);
  const under = await probe();
  attack.stop();
  const closes = attack.said().match(/closed \d+/g) ?? [];
  const heard = observer.frames.filter((f) => f.from === reader.id).length;
  report(
    `board fan-out, ${sockets} sockets`,
    baseline,
    under,
    `\n  relayed to the observer: ${heard} frames; attacker saw: ${closes.join(', ') || 'no close'}`,
  );
  for (const m of loud.everyone) m.close();
}

async function knockChurn(): Promise<void> {
  const door = await server.createRoom({ admission: 'knock' });
  const fran = await TestMember.join(server.url, door.roomId, 'Fran', door.secret);
  // Whoever is knocking, as the facilitator's device knows it (beside the state, or in it before).
  const waiting = () =>
    (fran as unknown as { knocks?: { id: string; name: string }[] }).knocks ??
    (fran.state as unknown as { knocks: { id: string; name: string }[] }).knocks;
  const baseline = await probe();
  const attack = await attacker('knockFlooder.ts', [server.url, door.roomId, ATTACKER, '40']);
  // The facilitator declines whoever is waiting about once a second, as fast as a person would.
  const declining = setInterval(() => {
    for (const k of waiting())
      if (!k.name.startsWith('Colleague')) void fran.send({ type: 'knock:decline', knockId: k.id });
  }, 1_000);
  const probing = probe();
  // Meanwhile colleagues, each from a network of their own, knock one after another.
  let admitted = 0;
  const tries = 24;
  for (let i = 0; i < tries; i++) {
    const colleague = await TestMember.connect(server.url, door.roomId, undefined, `127.0.1.${i + 1}`).catch(
      () => null,
    );
    if (!colleague) continue;
    const reply = await colleague.socket
      .timeout(2_000)
      .emitWithAck('room:join', colleague.joinRequest(`Colleague ${i}`))
      .catch(() => null);
    if (reply?.ok) {
      const named = () => waiting().find((k) => k.name === `Colleague ${i}`);
      await fran.until(() => named() !== undefined, 'the knock', 2_000).catch(() => {});
      const mine = named();
      if (mine) {
        void fran.send({ type: 'knock:admit', knockId: mine.id });
        const inside = await colleague
          .until(() => colleague.state !== null, 'admitted', 2_000)
          .then(
            () => true,
            () => false,
          );
        // Then they leave the room, so that its twelve places never run out.
        if (inside) {
          admitted++;
          await fran.send({ type: 'member:remove', memberId: colleague.id });
        }
      }
    }
    colleague.close();
    // 300 ms apart, as people arrive: the facilitator admits within a person’s command budget.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const under = await probing;
  clearInterval(declining);
  attack.stop();
  const refusals = attack.said().match(/refused \S+/g) ?? [];
  report(
    'knock churn, 40 sockets',
    baseline,
    under,
    `\n  ${admitted} of ${tries} colleagues (each from an address of their own) got in; attacker saw: ${refusals.join(', ')}`,
  );
  fran.close();
}

async function slowHeaders(): Promise<void> {
  const baseline = await probe();
  const held = Array.from({ length: 365 }, () => dribble(server.url, ATTACKER));
  await Promise.all(held.map((d) => d.connected));
  const answers = await Promise.all(
    held.map((d) => Promise.race([d.answer, new Promise<string>((r) => setTimeout(r, 2_000, 'held'))])),
  );
  const config = await getFrom(`${server.url}/api/config`, NEWCOMER);
  const created = await postJson(
    `${server.url}/api/rooms`,
    { templateId: 'weekly-45', purpose: 'A group', tokensPerMember: 3, admission: 'open' },
    NEWCOMER,
  ).then(
    (r) => r.status,
    (e: NodeJS.ErrnoException) => e.code ?? 'error',
  );
  const under = await probe();
  const count = (prefix: string) => answers.filter((a) => a.startsWith(prefix)).length;
  report(
    'slow headers, 365 connections',
    baseline,
    under,
    `\n  held ${count('held')}, refused 429: ${count('HTTP/1.1 429')}, 503: ${count('HTTP/1.1 503')}; another address: config ${config}, create ${created}`,
  );
  for (const d of held) d.socket.destroy();
}

await boardFanout(4);
await knockChurn();
await slowHeaders();
for (const m of quiet.everyone) m.close();
await server.close();
process.exit(0);
