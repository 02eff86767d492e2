/**
 * Renders BENCHMARKS.md from one or more result files (later files add or replace suites):
 *   npx tsx bench/report.ts bench/results/latest.json > BENCHMARKS.md
 * `npm run bench` calls it itself after a run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MachineInfo } from './lib/procStats.ts';
import { median, type Spread, spread } from './lib/stats.ts';
import type { CapacityStep } from './suites/capacity.ts';
import type { BoardSyncRun, ClockRun } from './suites/clock.ts';
import type { FanoutRun } from './suites/fanout.ts';
import type { JoinsRun } from './suites/joins.ts';
import type { LighthouseRun } from './suites/lighthouse.ts';
import type { MemoryRun } from './suites/memory.ts';
import type { PageRun } from './suites/page.ts';

export interface Results {
  machine: MachineInfo;
  commit: string;
  before: string | null;
  startedAt: string;
  reps: number;
  quick: boolean;
  minutes?: number;
  fanout?: FanoutRun[];
  capacity?: CapacityStep[];
  joins?: JoinsRun[];
  memory?: MemoryRun[];
  clock?: ClockRun[];
  board?: BoardSyncRun[];
  page?: PageRun[];
  lighthouse?: LighthouseRun[];
}

const HOLDSPACE = 'Holdspace';
const BEFORE = 'Holdspace before';
const SEALED = 'Holdspace sealed';
const PROXIED = 'Holdspace behind HAProxy';
const PROXIED2 = 'Holdspace ×2 behind HAProxy';
const BARE = 'bare Socket.IO';
const WS = 'plain ws';
/** Holdspace as deployed in a cluster: the fan-out and capacity suites run these beside the rest. */
const DEPLOYMENTS = [SEALED, PROXIED, PROXIED2];

const num = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
/** A median with its spread over repetitions: "3.4 (3.1–3.9)". */
const med = (s: Spread, digits = 1) =>
  s.n === 0
    ? '—'
    : s.n === 1
      ? num(s.median, digits)
      : `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : '—';

function of<T extends { target: string }>(
  runs: T[] | undefined,
  target: string,
  where: (r: T) => boolean = () => true,
) {
  return (runs ?? []).filter((r) => r.target === target && where(r));
}
function stat<T extends { target: string }>(
  runs: T[] | undefined,
  target: string,
  value: (r: T) => number,
  where: (r: T) => boolean = () => true,
): Spread {
  return spread(of(runs, target, where).map(value));
}
function targetsIn(runs: { target: string }[] | undefined): string[] {
  const order = [HOLDSPACE, BEFORE, ...DEPLOYMENTS, BARE, WS];
  const present = new Set((runs ?? []).map((r) => r.target));
  return [...order.filter((t) => present.has(t)), ...[...present].filter((t) => !order.includes(t))];
}
/** A figure only a target behind the proxy has: "—" elsewhere. */
const proxyFigure = (s: Spread, digits = 0) => (s.n === 0 ? '—' : med(s, digits));
function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
function loads(runs: { load1: number }[] | undefined): string {
  const values = (runs ?? []).map((r) => r.load1);
  if (values.length === 0) return '';
  return `Load average (1 min) when each measurement began: median ${num(median(values), 2)}, from ${num(Math.min(...values), 2)} to ${num(Math.max(...values), 2)}.`;
}

function fanoutSection(runs: FanoutRun[] | undefined): string {
  if (!runs?.length) return '';
  const rates = [...new Set(runs.map((r) => r.rate))].sort((a, b) => a - b);
  const rows: string[][] = [];
  for (const rate of rates) {
    const at = (r: FanoutRun) => r.rate === rate;
    const bareCpu = stat(runs, BARE, (r) => r.serverCpu, at).median;
    const bareP99 = stat(runs, BARE, (r) => r.p99, at).median;
    for (const target of targetsIn(runs)) {
      const cpu = stat(runs, target, (r) => r.serverCpu * 100, at);
      const p99 = stat(runs, target, (r) => r.p99, at);
      rows.push([
        `${(rate / 1000).toFixed(0)}k`,
        target,
        med(
          stat(runs, target, (r) => r.p50, at),
          2,
        ),
        med(p99, 2),
        med(
          stat(runs, target, (r) => r.p999, at),
          2,
        ),
        med(cpu, 0),
        target === BARE ? '1.00×' : ratio(cpu.median / 100, bareCpu),
        target === BARE ? '1.00×' : ratio(p99.median, bareP99),
        proxyFigure(stat(runs, target, (r) => (r.proxyCpu ?? Number.NaN) * 100, at)),
        med(
          stat(runs, target, (r) => r.loadCpu * 100, at),
          0,
        ),
        med(
          stat(runs, target, (r) => r.otherCpu * 100, at),
          0,
        ),
      ]);
    }
  }
  return `## Fan-out

250 rooms of 8 (2,000 members), each member raising and lowering a hand, open loop; a command is
delivered to all 8 members of its room, its sender included. Latency is from the send in the load
generator to each delivery, on one monotonic clock. Server CPU is the server process's user + system
time over the 10 s window, in % of one core (behind HAProxy: its nodes together; the proxy's own
is "proxy CPU %"); "others" is what the rest of the machine used meanwhile (other engineers' work
on the shared machine).

${table(
  [
    'deliveries/s',
    'server',
    'p50 ms',
    'p99 ms',
    'p99.9 ms',
    'server CPU %',
    'CPU vs bare',
    'p99 vs bare',
    'proxy CPU %',
    'load-gen CPU %',
    'others %',
  ],
  rows,
)}

${loads(runs)}
`;
}

function capacitySection(steps: CapacityStep[] | undefined): string {
  if (!steps?.length) return '';
  const variants = [...new Set(steps.map((s) => `${s.target}${s.boards ? ' + boards' : ''}`))];
  const rows: string[][] = [];
  for (const variant of variants) {
    const mine = steps.filter((s) => `${s.target}${s.boards ? ' + boards' : ''}` === variant);
    const sizes = [...new Set(mine.map((s) => s.members))].sort((a, b) => a - b);
    for (const members of sizes) {
      const at = mine.filter((s) => s.members === members);
      rows.push([
        variant,
        members.toLocaleString('en'),
        med(spread(at.map((s) => s.p50)), 2),
        med(spread(at.map((s) => s.p99)), 2),
        med(spread(at.map((s) => s.serverCpu * 100)), 0),
        proxyFigure(spread(at.map((s) => (s.proxyCpu ?? Number.NaN) * 100))),
        med(spread(at.map((s) => s.rssMiB)), 0),
        med(spread(at.map((s) => s.otherCpu * 100)), 0),
      ]);
    }
  }
  return `## Capacity

Members in rooms of 8 added 2,000 at a time, each member sending a command every 10 s on average
(a hand up or down), measured for 10 s at each size; the ramp stops when p99 passes 50 ms or the
target would refuse the next members: a Holdspace process takes 80% of its open files in connections
(15,968 of this machine's 20,000; the ramp keeps 200 for room creation: 15,768 members), a bare
relay 19,500, and HAProxy as many as it derives from its own 20,000 open files (9,982, two a
proxied connection: 9,776 members).
"+ boards": every member's device also holds the end-to-end encrypted commitment board open, as the
page runs it, on the member's one connection (the server relays its ciphertext and holds no key).
Behind HAProxy, server CPU and RSS are its nodes' together.

${table(['server', 'members', 'p50 ms', 'p99 ms', 'server CPU %', 'proxy CPU %', 'RSS MiB', 'others %'], rows)}

${loads(steps)}
`;
}

/** A number of members over repetitions: "9,776" or "8,000 (8,000–9,776)". */
const members = (s: Spread) =>
  s.n === 0
    ? '—'
    : s.n === 1
      ? s.median.toLocaleString('en')
      : `${s.median.toLocaleString('en')} (${s.min.toLocaleString('en')}–${s.max.toLocaleString('en')})`;

/** One capacity ramp (a variant's steps in one repetition): the last size under the limit, and what ended it. */
function rampOutcome(ramp: CapacityStep[]): { held: CapacityStep | null; ended: string } {
  const sorted = [...ramp].sort((x, y) => x.members - y.members);
  const failed = sorted.find((s) => !(s.p99 < 50));
  const held = sorted.filter((s) => s.p99 < 50 && (!failed || s.members < failed.members)).at(-1) ?? null;
  if (failed) return { held, ended: `p99 ${num(failed.p99, 1)} ms at ${failed.members.toLocaleString('en')}` };
  const broke = sorted.at(-1)?.failedAt;
  if (broke)
    return { held, ended: `adding members up to ${broke.members.toLocaleString('en')} failed: ${broke.error}` };
  const ceiling = sorted.at(-1)?.ceiling;
  const by =
    ceiling?.by === 'proxy connections'
      ? "the proxy's connection limit"
      : ceiling?.by === 'server connections'
        ? "the servers' connection ceiling"
        : 'the end of the ramp';
  return { held, ended: `${by} (${(ceiling?.members ?? Number.NaN).toLocaleString('en')} members), p99 still < 50 ms` };
}

/**
 * The proxy's cost and two processes behind it: the fan-out rows of Holdspace direct, sealed, and
 * behind HAProxy, with the latency each adds over the one it is compared with, and every capacity
 * ramp's outcome.
 */
function proxySection(fanout: FanoutRun[] | undefined, capacity: CapacityStep[] | undefined): string {
  const present = new Set([...(fanout ?? []), ...(capacity ?? [])].map((r) => r.target));
  if (![PROXIED, PROXIED2].some((t) => present.has(t))) return '';
  let text = `## Behind HAProxy

"Holdspace sealed" is one Holdspace process as \`npm start\` runs it with \`HOLDSPACE_SEAL_KEYS\`,
reached directly: what a process behind the proxy is, without the proxy. "Holdspace behind HAProxy"
is that same process behind Debian's HAProxy 2.6, filled from deploy/haproxy.cfg by
tests/helpers/cluster.ts as \`npm run cluster\` fills it (two threads on the two cores); "×2" is
two such processes sharing their seal keys. The per-address limits of the proxy (open connections,
Socket.IO connections a minute, rooms created) and of the nodes are raised, since all load comes
from one loopback address; nothing else of the config changes. Every device connects through the
proxy as the page does: a WebSocket whose Sec-WebSocket-Protocol is "holdspace, <routing key>";
a room's creator then hands the room's sealed first state (from POST /api/rooms) to the node the
key routes it to, and the other 7 join there. The proxy's cost is measured against "Holdspace
sealed": the same process with and without the proxy in front ("added": the difference of the
medians). Proxy CPU is HAProxy's process (its threads together) from /proc/<pid>/stat over the
same window as the servers', in % of one core. "Delivered" is the share of the window's deliveries
(commands sent × 8) that arrived by the end of the drain: below 100, connections were lost (behind
HAProxy: a node whose /healthz answered late twice is marked down, and deploy/haproxy.cfg's
\`on-marked-down shutdown-sessions\` cuts every connection it had).
`;
  if (fanout?.length) {
    const rates = [...new Set(fanout.map((r) => r.rate))].sort((a, b) => a - b);
    const rows: string[][] = [];
    const reference = (target: string) => (target === SEALED ? HOLDSPACE : target === HOLDSPACE ? null : SEALED);
    for (const rate of rates) {
      const at = (r: FanoutRun) => r.rate === rate;
      for (const target of [HOLDSPACE, ...DEPLOYMENTS].filter((t) => present.has(t))) {
        const p50 = stat(fanout, target, (r) => r.p50, at);
        const p99 = stat(fanout, target, (r) => r.p99, at);
        const against = reference(target);
        const added = (figure: (r: FanoutRun) => number, mine: Spread) => {
          if (against === null) return '—';
          const theirs = stat(fanout, against, figure, at);
          return theirs.n === 0 || mine.n === 0 ? '—' : num(mine.median - theirs.median, 2);
        };
        const proxy = stat(fanout, target, (r) => (r.proxyCpu ?? Number.NaN) * 100, at);
        rows.push([
          `${(rate / 1000).toFixed(0)}k`,
          target,
          med(p50, 2),
          med(p99, 2),
          med(
            // Results from before `sent` was kept: the achieved rate over the 10 s window.
            stat(fanout, target, (r) => (100 * r.samples) / (r.sent !== undefined ? r.sent * 8 : r.achieved * 10), at),
            0,
          ),
          against ?? '—',
          added((r) => r.p50, p50),
          added((r) => r.p99, p99),
          med(
            stat(fanout, target, (r) => r.serverCpu * 100, at),
            0,
          ),
          proxyFigure(proxy),
          med(
            stat(fanout, target, (r) => (r.serverCpu + (r.proxyCpu ?? 0)) * 100, at),
            0,
          ),
        ]);
      }
    }
    text += `
Fan-out (the workload of "Fan-out" above):

${table(
  [
    'deliveries/s',
    'server',
    'p50 ms',
    'p99 ms',
    'delivered %',
    'compared with',
    'added p50 ms',
    'added p99 ms',
    'server CPU %',
    'proxy CPU %',
    'server + proxy CPU %',
  ],
  rows,
)}
`;
  }
  if (capacity?.length) {
    const variantOf = (s: CapacityStep) => `${s.target}${s.boards ? ' + boards' : ''}`;
    const variants = targetsIn(capacity).flatMap((target) =>
      [...new Set(capacity.filter((s) => s.target === target).map(variantOf))].sort(),
    );
    const rows = variants.map((variant) => {
      const mine = capacity.filter((s) => variantOf(s) === variant);
      const outcomes = [...new Set(mine.map((s) => s.rep))].map((rep) =>
        rampOutcome(mine.filter((s) => s.rep === rep)),
      );
      const held = outcomes.map((o) => o.held);
      const figure = (value: (s: CapacityStep) => number) => spread(held.map((s) => (s ? value(s) : Number.NaN)));
      return [
        variant,
        members(spread(held.map((s) => s?.members ?? 0))),
        med(
          figure((s) => s.p99),
          2,
        ),
        outcomes.map((o) => o.ended).join('; '),
        med(
          figure((s) => s.serverCpu * 100),
          0,
        ),
        proxyFigure(figure((s) => (s.proxyCpu ?? Number.NaN) * 100)),
      ];
    });
    text += `
Capacity (the ramp of "Capacity" above): the most members each target held with p99 under 50 ms,
and what ended its ramp; CPU at that size.

${table(['server', 'members at p99 < 50 ms', 'p99 ms there', 'the ramp ended at', 'server CPU %', 'proxy CPU %'], rows)}
`;
  }
  return text;
}

function joinsSection(runs: JoinsRun[] | undefined): string {
  if (!runs?.length) return '';
  const max = (r: JoinsRun) => r.load === 'max';
  const fixed = (r: JoinsRun) => r.load === 'fixed' && r.admission === 'open';
  const knock = (r: JoinsRun) => r.load === 'fixed' && r.admission === 'knock';
  const bareJoins = stat(runs, BARE, (r) => r.joinsPerSecond, max).median;
  const bareRoomP99 = stat(runs, BARE, (r) => r.roomP99, fixed).median;
  const offered = runs.find((r) => r.load === 'fixed')?.offeredRoomsPerSecond ?? 0;
  const rows = targetsIn(runs).map((target) => {
    const joins = stat(runs, target, (r) => r.joinsPerSecond, max);
    const cpuPerJoin = stat(runs, target, (r) => (r.serverCpu / r.joinsPerSecond) * 1000, max);
    const roomP99 = stat(runs, target, (r) => r.roomP99, fixed);
    return [
      target,
      med(joins, 0),
      target === BARE ? '1.00×' : ratio(joins.median, bareJoins),
      med(cpuPerJoin, 2),
      med(
        stat(runs, target, (r) => r.roomP99, max),
        0,
      ),
      med(
        stat(runs, target, (r) => r.roomP50, fixed),
        1,
      ),
      med(roomP99, 1),
      target === BARE ? '1.00×' : ratio(roomP99.median, bareRoomP99),
      of(runs, target, knock).length
        ? med(
            stat(runs, target, (r) => r.roomP99, knock),
            1,
          )
        : '—',
      String(of(runs, target).reduce((sum, r) => sum + r.errors, 0)),
    ];
  });
  return `## Joins at the top of the hour

Rooms created and filled with 8 members each: POST /api/rooms, then each device connects and joins
(open rooms; the creator first, then 7 at once); a full room is ended and its devices close. "Max" is
closed loop with 32 rooms in flight, as many joins as the machine takes; "server ms/join" is the
server's CPU per join there. "Fixed" offers every target the same load — ${offered} rooms/s
(${offered * 8} joins/s), half of what the slowest target sustains — and times create + 8 joins.
Knock: the same at the fixed load in knock rooms, each newcomer admitted by the facilitator's device.

${table(
  [
    'server',
    'joins/s (max)',
    'vs bare',
    'server ms/join',
    'create+8 p99 ms (max)',
    'create+8 p50 ms (fixed)',
    'create+8 p99 ms (fixed)',
    'p99 vs bare',
    'knock create+8 p99 ms',
    'errors',
  ],
  rows,
)}

${loads(runs)}
`;
}

function memorySection(runs: MemoryRun[] | undefined): string {
  if (!runs?.length) return '';
  const bare = stat(runs, BARE, (r) => r.heapPerMemberKiB).median;
  const rows = targetsIn(runs).map((target) => {
    const perMember = stat(runs, target, (r) => r.heapPerMemberKiB);
    const ended = of(runs, target).map((r) => Math.max(...r.endedHeapMiB) - Math.min(...r.endedHeapMiB));
    const back = of(runs, target).map((r) => r.endedHeapMiB.at(-1)! - r.baseHeapMiB);
    return [
      target,
      med(stat(runs, target, (r) => r.idleHeapMiB)),
      med(stat(runs, target, (r) => r.baseHeapMiB)),
      med(perMember),
      target === BARE ? '1.00×' : ratio(perMember.median, bare),
      med(stat(runs, target, (r) => r.heapPerMemberNoBoardKiB ?? Number.NaN)),
      med(stat(runs, target, (r) => r.rssPerMemberKiB)),
      med(stat(runs, target, (r) => r.heapPerRoomKiB ?? Number.NaN)),
      med(spread(ended), 2),
      med(spread(back), 2),
    ];
  });
  return `## Memory

Full rooms of 12 (a 12-row board), every device holding its Socket.IO connection and (Holdspace) the
end-to-end encrypted board open on it, the board filled by the facilitator (about 230 characters a
row). Heap is V8's used heap after two full collections, read over the inspector; per member =
(heap with 5,000 members − heap before) / members, so a Holdspace member carries its connection,
its board subscription and its share of the room and of the board's ciphertext the relay holds. Per live room: 200 such rooms whose devices have all gone (members away,
rooms alive). After ending: three cycles of filling 5,000 members and ending every room; the
spread of the three ended heaps, and the last one minus the heap before the first fill.

${table(
  [
    'server',
    'idle heap MiB',
    'base heap MiB',
    'heap/member KiB',
    'vs bare (per connection)',
    'heap/member, no board KiB',
    'RSS/member KiB',
    'heap/live room KiB',
    'ended cycles spread MiB',
    'ended − base MiB',
  ],
  rows,
)}

${loads(runs)}
`;
}

function clockSection(clock: ClockRun[] | undefined, board: BoardSyncRun[] | undefined): string {
  let text = '';
  if (clock?.length) {
    const rows = targetsIn(clock).map((target) => [
      target,
      med(stat(clock, target, (r) => r.spreadP50)),
      med(stat(clock, target, (r) => r.spreadP99)),
      med(stat(clock, target, (r) => r.errorP50)),
      med(stat(clock, target, (r) => r.errorP99)),
    ]);
    text += `## Timer agreement

50 devices in one room (the server's capacity raised to 50), each device clock off by a random
amount up to ±10 minutes, each leg of each round trip delayed 0–150 ms at random. Each device
estimates the server clock with the page's own estimator (8 round trips, shared/src/clock.ts) and
replays the room with the page's replica; at one instant each computes the remaining time it would
show. Spread: largest minus smallest across the 50, per trial (${clock[0]!.trials} trials a run).

${table(['server', 'spread p50 ms', 'spread p99 ms', 'device error p50 ms', 'device error p99 ms'], rows)}

`;
  }
  if (board?.length) {
    const rows = targetsIn(board).map((target) => [
      target,
      med(stat(board, target, (r) => r.p50)),
      med(stat(board, target, (r) => r.p95)),
    ]);
    text += `## Late joiner's board

A room of 12 whose 12 rows are filled; a member's device opens the board afresh as the page does
(the relay's snapshot and tail, its sealed key opened, every frame's signature checked, decrypted
and its shape checked, then the stock y-websocket provider's sync); time until it holds every row (${board[0]!.runs} runs a repetition, no other load).

${table(['server', 'p50 ms', 'p95 ms'], rows)}

`;
  }
  return text;
}

function pageSection(runs: PageRun[] | undefined): string {
  if (!runs?.length) return '';
  const kB = (bytes: number) => bytes / 1000;
  const rows = targetsIn(runs).map((target) => {
    const first = of(runs, target)[0]!;
    return [
      target,
      `${med(stat(runs, target, (r) => kB(r.initialJsBytes)))} (${first.initialJsEncoding})`,
      `${num(kB(first.initialJsByEncoding.br ?? Number.NaN))} / ${num(kB(first.initialJsByEncoding.gzip ?? Number.NaN))} / ${num(kB(first.initialJsByEncoding.identity ?? Number.NaN))}`,
      med(stat(runs, target, (r) => kB(r.allJsBytes))),
      med(
        stat(runs, target, (r) => r.fcpMs),
        0,
      ),
      med(
        stat(runs, target, (r) => r.formMs),
        0,
      ),
      med(
        stat(runs, target, (r) => r.joinMs),
        0,
      ),
      med(
        stat(runs, target, (r) => r.reopenMs),
        0,
      ),
      med(
        stat(runs, target, (r) => r.idleCpuPhone * 1000),
        0,
      ),
      med(
        stat(runs, target, (r) => r.idleCpuDesktop * 1000),
        0,
      ),
      String(of(runs, target).reduce((sum, r) => sum + r.cspViolations, 0)),
    ];
  });
  return `## The page on a phone

Debian's Chromium (headless, the browser tests' flags) as a phone: a 360 × 740 touch screen, the CPU
slowed 4× (DevTools' CPU throttling) and Lighthouse's mobile network (150 ms round trips, 1.6 Mbps
down, 750 kbps up). A room whose session runs; the phone opens the invite link, joins, sits idle,
and is reopened. Bytes are over the wire, headers included; "br / gzip / none" is the initial JS
fetched with each Accept-Encoding. Idle CPU is the renderer's main-thread busy time per second of an
idle room page with its timer running (CDP Performance.TaskDuration), on the phone and unthrottled.

${table(
  [
    'client',
    'initial JS kB',
    'initial JS br / gzip / none kB',
    'all JS kB',
    'first paint ms',
    'join form ms',
    'join tap → room ms',
    'reopen → room ms',
    'idle CPU ms/s (phone)',
    'idle CPU ms/s (unthrottled)',
    'CSP violations',
  ],
  rows,
)}

${loads(runs)}
`;
}

function lighthouseSection(runs: LighthouseRun[] | undefined): string {
  if (!runs?.length) return '';
  const rows = targetsIn(runs).flatMap((target) =>
    (['create', 'room'] as const).map((page) => {
      const at = (r: LighthouseRun) => r.page === page;
      const figure = (value: (r: LighthouseRun) => number, digits = 0) => med(stat(runs, target, value, at), digits);
      const failing = [...new Set(of(runs, target, at).flatMap((r) => r.failing))];
      return [
        target,
        page === 'create' ? 'create (`/#/`)' : 'room, as a member',
        figure((r) => r.performance),
        figure((r) => r.accessibility),
        figure((r) => r.bestPractices),
        figure((r) => r.seo),
        figure((r) => r.cls, 3),
        figure((r) => r.tbtMs),
        figure((r) => r.lcpMs),
        figure((r) => r.fcpMs),
        figure((r) => r.otherCpu * 100),
        failing.length ? failing.join(', ') : '—',
      ];
    }),
  );
  return `## Lighthouse

Lighthouse 12's mobile audit (a simulated mid-range phone: CPU 4× slower, slow 4G) in a fresh
Debian Chromium per run, against the built client served by the real server. The room page is
opened by its creator's device once the creator has joined and started the session: the member
secret is in localStorage, so the page goes straight to the room. Scores are 0–100; CLS is
unitless; TBT (total blocking time), LCP and FCP (largest and first contentful paint) in ms.
Lighthouse simulates the phone from the tasks it saw, each made 4× longer, so a run during which the
rest of the shared machine used the CPU is run again (up to three times, the quietest kept);
"others" is what the rest used meanwhile, in % of a core. "Not passed" lists every accessibility,
best-practices or SEO audit that failed in any run. Full reports: bench/results/lighthouse/.

${table(
  [
    'client',
    'page',
    'performance',
    'accessibility',
    'best practices',
    'SEO',
    'CLS',
    'TBT ms',
    'LCP ms',
    'FCP ms',
    'others %',
    'not passed',
  ],
  rows,
)}

${loads(runs)}
`;
}

function machineSection(results: Results): string {
  const m = results.machine;
  return `## Machine

${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, Linux ${m.kernel}, ${m.openFilesLimit.toLocaleString('en')} open
files per process. Shared with other engineers running their tests: every section gives the load
average when its measurements began, and the fan-out and capacity tables what the rest of the machine
used during each window. Run ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, commit ${results.commit}${results.before ? `, "Holdspace before" = ${results.before}` : ''}; ${results.reps} repetitions, interleaved (A B C, A B C, …); figures are medians with the lowest and highest repetition in brackets${results.minutes ? `; the run took ${num(results.minutes, 0)} minutes` : ''}.
`;
}

export function renderReport(results: Results, notes: string): string {
  return [
    `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); the prose after the figures is bench/notes.md.
${results.quick ? '\n**Quick run: short windows, few steps — these figures only show that everything runs.**\n' : ''}`,
    machineSection(results),
    notes.split('<!-- figures -->')[0] ?? '',
    fanoutSection(results.fanout),
    capacitySection(results.capacity),
    proxySection(results.fanout, results.capacity),
    joinsSection(results.joins),
    memorySection(results.memory),
    clockSection(results.clock, results.board),
    pageSection(results.page),
    lighthouseSection(results.lighthouse),
    notes.split('<!-- figures -->')[1] ?? '',
  ]
    .filter((part) => part.trim() !== '')
    .join('\n');
}

export function readNotes(): string {
  const path = fileURLToPath(new URL('./notes.md', import.meta.url));
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

export function mergeResults(files: string[]): Results {
  const merged = {} as Results;
  for (const file of files) Object.assign(merged, JSON.parse(readFileSync(file, 'utf8')) as Results);
  return merged;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(renderReport(mergeResults(process.argv.slice(2)), readNotes()));
}
