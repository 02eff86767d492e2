import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { InspectorClient } from '../../tests/helpers/inspector.ts';
import { LineWatch } from './lineWatch.ts';
import { processCpuSeconds, processRssBytes } from './procStats.ts';
import type { Target } from './targets.ts';
import { freePort } from '../../tests/helpers/freePort.ts';
import { newSealKeys } from '../../tests/helpers/cluster.ts';

const benchDir = fileURLToPath(new URL('../', import.meta.url));

/**
 * Every load in these benchmarks comes from one loopback address, so Holdspace runs with its
 * per-address budgets raised (connections open and opened, rooms alive, room creation). Per-member and
 * per-connection budgets stay as they are: the workloads stay within them.
 */
export const benchmarkBudgets: Record<string, string> = {
  HOLDSPACE_CONNECTIONS_PER_ADDRESS: '1000000',
  HOLDSPACE_CONNECTION_BURST: '1000000',
  HOLDSPACE_CONNECTIONS_OPENED_PER_MINUTE: '100000000',
  HOLDSPACE_ROOMS_ALIVE_PER_ADDRESS: '1000000',
  HOLDSPACE_ROOMS_BURST: '1000000',
  // Trees from before HOLDSPACE_ROOMS_BURST existed: a refill this fast is no limit either.
  HOLDSPACE_ROOMS_PER_MINUTE: '100000000',
  HOLDSPACE_MAX_ROOMS: '1000000',
};

export interface ServerOptions {
  /** Extra environment, e.g. HOLDSPACE_CAPACITY for a room of 50. */
  env?: Record<string, string>;
  /** Opens the V8 inspector, for heap measurements. */
  inspect?: boolean;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

export interface RunningServer {
  target: Target;
  url: string;
  pid: number;
  inspector: InspectorClient | null;
  cpuSeconds(): number;
  rssBytes(): number;
  /** Heap in use after a full garbage collection (needs `inspect`). */
  heapUsedAfterGc(): Promise<number>;
  stop(): Promise<void>;
}

/** Servers still running: ended with this process, however it ends. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function command(target: Target): { cwd: string; script: string; env: Record<string, string> } {
  if (target.proxiedNodes !== undefined) throw new Error(`${target.label} runs behind HAProxy: startTarget starts it`);
  if (target.kind === 'holdspace') {
    if (!target.dir) throw new Error('a Holdspace target needs its source tree');
    // As `npm start` runs it (package.json), with the benchmark's budgets; sealed, with keys of its own.
    const sealing: Record<string, string> = target.sealed ? { HOLDSPACE_SEAL_KEYS: newSealKeys() } : {};
    return {
      cwd: target.dir,
      script: 'server/src/main.ts',
      env: { TSX_DISABLE_CACHE: '1', ...benchmarkBudgets, ...sealing },
    };
  }
  const script = target.kind === 'socketio' ? 'servers/bareSocketIo.ts' : 'servers/bareWs.ts';
  return { cwd: benchDir, script, env: { TSX_DISABLE_CACHE: '1' } };
}

/**
 * Starts a target's server as its own process on a free loopback port and resolves once it has
 * logged `server.listening` (no sleeping). Output is drained continuously: a child writing to a
 * full pipe would block.
 */
export async function startServer(target: Target, options: ServerOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const { cwd, script, env } = command(target);
  const args = [...(options.nodeArgs ?? [])];
  if (options.inspect) args.push('--inspect=127.0.0.1:0');
  if (target.cpuProfileDir) args.push('--cpu-prof', `--cpu-prof-dir=${target.cpuProfileDir}`);
  const child: ChildProcess = spawn(process.execPath, [...args, '--import', 'tsx', script], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...env,
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const stdout = new LineWatch(child.stdout!);
  const stderr = new LineWatch(child.stderr!);
  child.once('exit', (code, signal) => {
    const expected = !running.has(child) || signal === 'SIGTERM' || signal === 'SIGKILL' || code === 0;
    running.delete(child);
    // A server that dies under load says why, instead of the load generators' "socket hang up".
    if (!expected) process.stderr.write(`${target.label} exited (${code ?? signal}):\n${stderr.tail}\n`);
  });
  const exited = once(child, 'exit');
  const listening = stdout.until(/"event":"server\.listening"/, 60_000, 'server.listening');
  const inspectorUrl = options.inspect
    ? stderr.until(/Debugger listening on (ws:\/\/\S+)/, 60_000, 'the inspector URL')
    : Promise.resolve(null);
  try {
    await Promise.race([
      listening,
      exited.then(() => {
        throw new Error(`${target.label} exited before listening:\n${stderr.tail}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const url = (await inspectorUrl)?.[1];
  const inspector = url ? await InspectorClient.connect(url) : null;
  const pid = child.pid!;
  return {
    target,
    url: `http://127.0.0.1:${port}`,
    pid,
    inspector,
    cpuSeconds: () => processCpuSeconds(pid),
    rssBytes: () => processRssBytes(pid),
    async heapUsedAfterGc() {
      if (!inspector) throw new Error('started without the inspector');
      await inspector.send('HeapProfiler.enable');
      await inspector.send('HeapProfiler.collectGarbage');
      await inspector.send('HeapProfiler.collectGarbage');
      const { usedSize } = (await inspector.send('Runtime.getHeapUsage')) as { usedSize: number };
      return usedSize;
    },
    async stop() {
      inspector?.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 15_000, 'timeout').unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
