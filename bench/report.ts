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
const BARE = 'bare Socket.IO';
const WS = 'plain ws';

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
  const order = [HOLDSPACE, BEFORE, BARE, WS];
  const present = new Set((runs ?? []).map((r) => r.target));
  return order.filter((t) => present.has(t));
}
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
time over the 10 s window, in % of one core; "others" is what the rest of the machine used meanwhile
(other engineers' work on the shared machine).

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
        med(spread(at.map((s) => s.rssMiB)), 0),
        med(spread(at.map((s) => s.otherCpu * 100)), 0),
      ]);
    }
  }
  return `## Capacity

Members in rooms of 8 added 2,000 at a time, each member sending a command every 10 s on average
(a hand up or down), measured for 10 s at each size; the ramp stops when p99 passes 50 ms or the
server would need more than 19,500 sockets (the machine's limit is 20,000 open files per process).
"+ boards": every member's device also holds the end-to-end encrypted commitment board open, as the
page runs it, on the member's one connection (the server relays its ciphertext and holds no key).

${table(['server', 'members', 'p50 ms', 'p99 ms', 'server CPU %', 'RSS MiB', 'others %'], rows)}

${loads(steps)}
`;
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
