import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, defaultHttpLimits } from '../../server/src/config.ts';
import { type Dribble, dribble, getFrom } from '../helpers/dribble.ts';
import { type LimitedServer, startLimitedServer } from '../helpers/limitedServer.ts';
import type { TestMember } from '../helpers/member.ts';
import { describeProbe, probeQuietRoom, withinBaseline } from '../helpers/probe.ts';
import { roomWith } from '../helpers/room.ts';
import { postJson, startServer, type TestServer } from '../helpers/server.ts';

/** Loopback addresses other than the default one: a colleague's network, attackers'. */
const NEWCOMER = '127.0.0.2';
const ATTACKERS = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8'];

const held: Dribble[] = [];
const members: TestMember[] = [];
let server: TestServer | null = null;
let child: LimitedServer | null = null;

afterEach(async () => {
  for (const d of held.splice(0)) d.socket.destroy();
  for (const m of members.splice(0)) m.close();
  await server?.close();
  await child?.stop();
  server = child = null;
});

function dribbleMany(url: string, address: string, count: number): Dribble[] {
  const made = Array.from({ length: count }, () => dribble(url, address));
  held.push(...made);
  return made;
}

/** The first bytes the server sends on a connection within `ms`, or 'nothing' if it says nothing. */
const firstWord = (d: Dribble, ms: number) =>
  Promise.race([d.answer, new Promise<string>((resolve) => setTimeout(resolve, ms, 'nothing'))]);

const aRoom = { templateId: 'weekly-45', purpose: 'A test group', tokensPerMember: 3, admission: 'open' };

describe('slow HTTP: sockets held open by a trickle of headers', () => {
  it('[RC5] one address holds its share of connections, is told 429 beyond it and 408 at the header deadline; others load the page, make rooms, and are not slowed', async () => {
    // Longer than the probe below takes, so the attack holds its sockets the whole time it is measured.
    const headersTimeoutMs = 15_000;
    server = await startServer({ config: { http: { ...defaultHttpLimits, headersTimeoutMs } } });
    const quiet = await roomWith(server, ['Quiet', 'Calm']);
    members.push(...quiet.everyone);
    const baseline = await probeQuietRoom(quiet.everyone);

    const slow = dribbleMany(server.url, ATTACKERS[0]!, 300);
    await Promise.all(slow.map((d) => d.connected));
    const answers = await Promise.all(slow.map((d) => firstWord(d, 1_000)));
    expect(answers.filter((a) => a.startsWith('HTTP/1.1 429')).length).toBe(300 - defaultConfig.connectionsPerAddress);

    const [under, page, room] = await Promise.all([
      probeQuietRoom(quiet.everyone),
      getFrom(`${server.url}/api/config`, NEWCOMER),
      postJson(`${server.url}/api/rooms`, aRoom, NEWCOMER),
    ]);
    expect([page, room.status]).toEqual([200, 201]);
    expect(
      withinBaseline(baseline, under),
      `${describeProbe('under', under)}; ${describeProbe('before', baseline)}`,
    ).toBe(true);

    // The ones it held are let go at the header deadline, with a word.
    const kept = slow.filter((_, i) => !answers[i]!.startsWith('HTTP/1.1 429'));
    const timedOut = await Promise.all(kept.map((d) => d.answer));
    expect(timedOut.every((a) => a.startsWith('HTTP/1.1 408'))).toBe(true);
    await Promise.all(kept.map((d) => d.closed));
  }, 60_000);

  it('[RC5] a process with 400 open files: one address cannot hold them all, and past the ceiling newcomers hear 503 rather than nothing', async () => {
    child = await startLimitedServer(400);
    const url = child.url;
    const slow = dribbleMany(url, ATTACKERS[0]!, 365);
    await Promise.all(slow.map((d) => d.connected));
    expect(await getFrom(`${url}/api/config`, NEWCOMER)).toBe(200);
    expect((await postJson(`${url}/api/rooms`, aRoom, NEWCOMER)).status).toBe(201);

    // Many addresses together, past what the process can hold: the extra are told, not left hanging.
    const more = ATTACKERS.slice(1).flatMap((address) => dribbleMany(url, address, 90));
    await Promise.all(more.map((d) => d.connected));
    const answers = await Promise.all(more.map((d) => firstWord(d, 3_000)));
    expect(answers.filter((a) => a.startsWith('HTTP/1.1 503')).length).toBeGreaterThan(0);
    // Each of the others is held, waiting for its headers as any request would: none is dropped unanswered.
    expect(answers.filter((a) => a !== 'nothing' && !a.startsWith('HTTP/1.1 503'))).toEqual([]);

    // Once they go, the server takes people again; it never fell over.
    for (const d of held.splice(0)) d.socket.destroy();
    await Promise.all([...slow, ...more].map((d) => d.closed));
    expect(await getFrom(`${url}/api/config`, NEWCOMER)).toBe(200);
    expect(child.alive()).toBe(true);
  }, 60_000);
});
