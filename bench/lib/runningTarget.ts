import { defaultHttpLimits } from '../../server/src/config.ts';
import { connectionCeiling } from '../../server/src/limits/openFiles.ts';
import { type Cluster, startCluster } from '../../tests/helpers/cluster.ts';
import { productionCommand } from '../../tests/helpers/childServer.ts';
import { processOpenFiles, processRssBytes } from './procStats.ts';
import { benchmarkBudgets, startServer } from './serverProcess.ts';
import type { Target } from './targets.ts';
import { repoRoot } from './trees.ts';

/**
 * A target as the fan-out and capacity suites drive it: one server process, or Holdspace processes
 * behind HAProxy. Its processes' CPU is read from /proc/<pid>/stat like any server's.
 */
export interface RunningTarget {
  target: Target;
  /** Where devices connect: the server, or the proxy. */
  url: string;
  /** The processes that serve rooms: the one server, or each node behind the proxy. */
  serverPids: number[];
  /** HAProxy's process (all its threads), for a target behind it. */
  proxyPid: number | null;
  /** Every process of ours that serves the target: its servers and its proxy. */
  pids: number[];
  /** Devices connect with their room's routing key: the proxy refuses a connection without one. */
  routed: boolean;
  /**
   * Member connections the target can hold on this machine, less a margin for room creation:
   * a Holdspace process's own connection ceiling (80% of its open files: 15,968 of 20,000 here;
   * beyond it, 503) or a relay's open files, times its processes; behind HAProxy also the proxy's
   * connection limit, which it derives from its own open files (two a proxied connection).
   */
  maxConnections: number;
  /** What limits `maxConnections`, for the report. */
  ceiling: 'server connections' | 'proxy connections';
  /** Resident memory of its server processes, summed. */
  rssBytes(): number;
  proxyRssBytes(): number;
  stop(): Promise<void>;
}

/** Connections kept for room creation (each load generator's keep-alive agent holds up to 64) and the rest. */
const CONNECTIONS_MARGIN = 200;
/** Open files a bare relay keeps for itself (its listening socket, logs, the tsx loader, …). */
const OPEN_FILES_MARGIN = 500;

/** Connections one server process of this target takes before it refuses (Holdspace: its ceiling; a relay: its open files). */
function serverConnections(target: Target, pid: number): number {
  const openFiles = processOpenFiles(pid);
  return target.kind === 'holdspace'
    ? connectionCeiling(defaultHttpLimits.maxConnections, openFiles) - CONNECTIONS_MARGIN
    : openFiles - OPEN_FILES_MARGIN;
}

/**
 * The proxy's per-address limits, raised as benchmarkBudgets raises the nodes': all load comes
 * from one loopback address. The other limits of deploy/haproxy.cfg stay as they are.
 */
export const benchmarkProxyLimits = {
  connectionsPerAddress: 1_000_000,
  socketsPerMinute: 100_000_000,
  roomsPerTenMinutes: 100_000_000,
};

export async function startTarget(target: Target): Promise<RunningTarget> {
  if (target.proxiedNodes === undefined) {
    const server = await startServer(target);
    return {
      target,
      url: server.url,
      serverPids: [server.pid],
      proxyPid: null,
      pids: [server.pid],
      routed: false,
      maxConnections: serverConnections(target, server.pid),
      ceiling: 'server connections',
      rssBytes: () => server.rssBytes(),
      proxyRssBytes: () => Number.NaN,
      stop: () => server.stop(),
    };
  }
  return startProxied(target, target.proxiedNodes);
}

/**
 * Holdspace as `npm run cluster` runs it (tests/helpers/cluster.ts): `nodes` processes started as
 * `npm start` starts one, sharing new seal keys, behind HAProxy filled from deploy/haproxy.cfg, with
 * the benchmark's budgets on every node and the proxy. A node drains for 1 s when stopped (its
 * rooms would otherwise keep it for 10 minutes).
 */
async function startProxied(target: Target, nodes: number): Promise<RunningTarget> {
  if (target.dir !== repoRoot) throw new Error(`${target.label}: only this tree runs behind HAProxy`);
  const argv = productionCommand().argv;
  const profiling = target.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${target.cpuProfileDir}`] : [];
  const cluster: Cluster = await startCluster({
    nodes,
    env: { ...benchmarkBudgets, HOLDSPACE_DRAIN_SECONDS: '1' },
    proxyLimits: benchmarkProxyLimits,
    ...(profiling.length ? { command: [argv[0]!, ...profiling, ...argv.slice(1)] } : {}),
  });
  try {
    const proxyPid = cluster.proxy.process.pid!;
    const serverPids = cluster.nodes.map((node) => node.process.pid!);
    const maxconn = Number(/^Maxconn: (\d+)$/m.exec(await cluster.admin('show info'))?.[1]);
    if (!Number.isFinite(maxconn)) throw new Error('HAProxy did not say its Maxconn');
    const serverSockets = serverPids.reduce((sum, pid) => sum + serverConnections(target, pid), 0);
    const proxySockets = maxconn - CONNECTIONS_MARGIN;
    return {
      target,
      url: cluster.url,
      serverPids,
      proxyPid,
      pids: [...serverPids, proxyPid],
      routed: true,
      maxConnections: Math.min(serverSockets, proxySockets),
      ceiling: proxySockets < serverSockets ? 'proxy connections' : 'server connections',
      rssBytes: () => serverPids.reduce((sum, pid) => sum + processRssBytes(pid), 0),
      proxyRssBytes: () => processRssBytes(proxyPid),
      stop: () => cluster.stop(15_000),
    };
  } catch (error) {
    await cluster.stop(0, 'SIGKILL');
    throw error;
  }
}
