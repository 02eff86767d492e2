import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { productionCommand } from './childServer.ts';
import { freePort } from './freePort.ts';
import { TextStream } from './textStream.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const haproxyTemplate = join(repoRoot, 'deploy/haproxy.cfg');
/** The backend whose stick table maps routeKeys to nodes. */
export const ROOMS_BACKEND = 'holdspace_rooms';
const READY_LINE = /Holdspace is running\./;

export interface ClusterNode {
  /** node1, node2, …: the server's name in HAProxy's config and tables. */
  name: string;
  port: number;
  agentPort: number;
  /** The node's current process (a new one after `restart`). */
  process: ChildProcess;
  stdout: TextStream;
  stderr: TextStream;
}

/** One node as HAProxy's holdspace_rooms backend sees it (`show servers state`). */
export interface ServerState {
  name: string;
  /** Operationally up (or not yet found down). */
  up: boolean;
  /** Its last health check passed (false until the first check after HAProxy starts). */
  checked: boolean;
  /** Draining (the agent said "drain", or an operator): no new keys, stuck keys stay. */
  draining: boolean;
  /** In maintenance: no traffic at all. */
  maintenance: boolean;
  weight: number;
}

export interface Cluster {
  /** The proxy's URL: every request of a test goes here. */
  url: string;
  port: number;
  /** The temporary directory of the filled config and the runtime API socket; gone after stop(). */
  dir: string;
  nodes: ClusterNode[];
  /** HAProxy's process, its log lines (stdout) and its warnings (stderr). */
  proxy: { process: ChildProcess; log: TextStream; stderr: TextStream };
  sealKeys: string;
  node(name: string): ClusterNode;
  /** Signals a node's process and resolves when it has exited (after its drain, for SIGTERM). */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts an exited node again on the same ports; resolves once HAProxy reports it up. */
  restart(name: string): Promise<void>;
  /** Resolves once HAProxy reports the node in this state (polling its runtime API). */
  waitForServer(name: string, state: 'up' | 'down' | 'draining', ms?: number): Promise<ServerState>;
  servers(): Promise<ServerState[]>;
  /** routeKey → the node its room is stuck to, from HAProxy's stick table. */
  routes(): Promise<Map<string, string>>;
  /** One command on HAProxy's runtime API (admin level), its whole answer. */
  admin(command: string): Promise<string>;
  /**
   * Signals HAProxy and every node (SIGTERM by default), SIGKILLs those still running after
   * `graceMs` (0: waits as long as they take), and removes the directory.
   */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<void>;
}

export interface ClusterOptions {
  nodes?: number;
  /** The proxy's port; a free one by default. */
  port?: number;
  /** The proxy's listening address (default 127.0.0.1; "" for every address). */
  host?: string;
  /** Added to every node's environment, after the cluster's own variables. */
  env?: Record<string, string>;
  /** The environment the nodes start from (default: only PATH and TMPDIR, as childServer does). */
  baseEnv?: Record<string, string | undefined>;
  /** HOLDSPACE_SEAL_KEYS shared by every node; new random keys by default. */
  sealKeys?: string;
  /** A node's command instead of `npm start`'s, e.g. a stand-in server: [program, ...args]. */
  command?: string[];
  /** Print every child's lines, prefixed with its name, instead of keeping them (npm run cluster). */
  echo?: boolean;
  /** How long a node or HAProxy may take to be ready. */
  startMs?: number;
  /**
   * The proxy's per-address limits instead of deploy/haproxy.cfg's own: a benchmark whose every
   * connection comes from one address raises them, as it raises the nodes' (their env).
   */
  proxyLimits?: ProxyLimits;
}

/** HAProxy's per-address limits, across every node: the `# @fill` lines that carry them in deploy/haproxy.cfg. */
export interface ProxyLimits {
  /** Open TCP connections per address (as committed: 100). */
  connectionsPerAddress?: number;
  /** Socket.IO connections opened per address per minute (600). */
  socketsPerMinute?: number;
  /** POST /api/rooms per address per 10 minutes (80). */
  roomsPerTenMinutes?: number;
}

/** `k1:<32 random bytes, base64>`: the format HOLDSPACE_SEAL_KEYS takes. */
export function newSealKeys(): string {
  return `k1:${randomBytes(32).toString('base64')}`;
}

/** HAProxy's binary: on PATH, or where Debian puts it (/usr/sbin, not on a user's PATH there). */
export function haproxyBinary(): string | null {
  for (const candidate of ['haproxy', '/usr/sbin/haproxy']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) return candidate;
  }
  return null;
}

export interface FillValues {
  bind: string;
  peerAddr: string;
  adminSocket: string;
  nodes: { name: string; addr: string; agentPort: number }[];
  /** Limits not given keep the numbers the template's lines have. */
  limits?: ProxyLimits;
}

/**
 * Fills deploy/haproxy.cfg's markers: the line after "# @fill LINE" becomes LINE, and the lines
 * between "# @each-node LINE" and "# @end" become LINE once per node; ${...} take the values. A
 * "# @fill" variable with no value keeps what the template's own line has in its place.
 */
export function fillHaproxyConfig(template: string, values: FillValues): string {
  const out: string[] = [];
  const lines = template.split('\n');
  const fill = (line: string, vars: Record<string, string>) =>
    line.replace(/\$\{(\w+)\}/g, (_, key: string) => {
      if (!(key in vars)) throw new Error(`haproxy template: no value for \${${key}}`);
      return vars[key]!;
    });
  const scalars: Record<string, string> = {
    bind: values.bind,
    peerAddr: values.peerAddr,
    adminSocket: values.adminSocket,
  };
  for (const [key, value] of Object.entries(values.limits ?? {})) {
    if (value !== undefined) scalars[key] = String(value);
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = /^(\s*)# @(fill|each-node) (.*)$/.exec(line);
    if (!marker) {
      out.push(line);
      continue;
    }
    const [, indent, kind, pattern] = marker as unknown as [string, string, string, string];
    if (kind === 'fill') {
      out.push(indent + fill(pattern, { ...valuesOf(pattern, lines[i + 1] ?? ''), ...scalars }));
      i += 1;
    } else {
      for (const node of values.nodes) {
        out.push(indent + fill(pattern, { ...scalars, ...node, agentPort: String(node.agentPort) }));
      }
      while (i < lines.length && !/^\s*# @end\s*$/.test(lines[i]!)) i += 1;
      if (i === lines.length) throw new Error('haproxy template: "# @each-node" without "# @end"');
    }
  }
  return out.join('\n');
}

/**
 * What a "# @fill" line's template line has where `pattern` has ${...}: `gt ${n} }` against
 * `gt 100 }` gives { n: '100' }; nothing when the line does not have the pattern's shape.
 */
function valuesOf(pattern: string, line: string): Record<string, string> {
  const names: string[] = [];
  const source = pattern
    .trim()
    .split(/(\$\{\w+\})/)
    .map((part) => {
      const name = /^\$\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '(\\S+)';
    })
    .join('');
  const match = new RegExp(`^${source}$`).exec(line.trim());
  return match ? Object.fromEntries(names.map((name, i) => [name, match[i + 1]!])) : {};
}

/**
 * N Holdspace nodes on loopback behind a real HAProxy filled from deploy/haproxy.cfg, as
 * `npm run cluster` runs them. Resolves once every node has printed its ready line and HAProxy's
 * runtime API reports every node up and checked.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const haproxy = haproxyBinary();
  if (!haproxy) throw new Error('haproxy was not found. Install it: apt-get install -y haproxy (.ci/run does).');
  const count = options.nodes ?? 3;
  const startMs = options.startMs ?? 60_000;
  const echo = options.echo ?? false;
  const sealKeys = options.sealKeys ?? newSealKeys();
  const production = productionCommand();
  const [program, ...args] = options.command ?? production.argv;
  if (program === undefined) throw new Error('no command to start a node with');
  const base = options.baseEnv ?? { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: process.env.TMPDIR };
  const dir = mkdtempSync(join(tmpdir(), 'holdspace-cluster-'));
  const adminSocket = join(dir, 'admin.sock');
  const nodes: ClusterNode[] = [];
  const exits = new Map<ChildProcess, Promise<unknown>>();
  let proxy: Cluster['proxy'] | undefined;

  const track = (child: ChildProcess) => {
    exits.set(child, child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit'));
    return child;
  };

  const launch = async (name: string, port: number, agentPort: number): Promise<ClusterNode> => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...base, ...production.env })) {
      if (value !== undefined) env[key] = value;
    }
    Object.assign(env, {
      PORT: String(port),
      HOST: '127.0.0.1',
      HOLDSPACE_SEAL_KEYS: sealKeys,
      HOLDSPACE_TRUST_PROXY: 'true',
      HOLDSPACE_AGENT_PORT: String(agentPort),
      ...options.env,
    });
    // Its own process group: a terminal's Ctrl-C reaches only the parent, which passes it on once.
    const child = track(
      spawn(program === 'node' ? process.execPath : program, args, {
        cwd: repoRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      }),
    );
    const stdout = watch(child.stdout!, name, echo, process.stdout);
    const stderr = watch(child.stderr!, name, echo, process.stderr);
    try {
      await stdout.text.until(READY_LINE, `${name}'s ready line`, startMs);
    } catch (error) {
      await end(child, 'SIGKILL', 0);
      throw new Error(`${name} did not start: ${(error as Error).message}\n${stderr.text.text.slice(-2_000)}`);
    } finally {
      stdout.settle();
      stderr.settle();
    }
    return { name, port, agentPort, process: child, stdout: stdout.text, stderr: stderr.text };
  };

  /** Signals a child and resolves when it has exited; SIGKILL after graceMs unless that is 0. */
  const end = async (child: ChildProcess, signal: NodeJS.Signals, graceMs: number) => {
    const exited = exits.get(child) ?? Promise.resolve();
    send(child, signal);
    if (graceMs > 0) {
      const late = new Promise<'late'>((resolve) => setTimeout(resolve, graceMs, 'late').unref());
      if ((await Promise.race([exited, late])) !== 'late') return;
      send(child, 'SIGKILL');
    }
    await exited;
  };

  const admin = (command: string) => runtimeApi(adminSocket, command);

  const servers = async (): Promise<ServerState[]> =>
    parseServersState(await admin(`show servers state ${ROOMS_BACKEND}`));

  const waitForServer = async (name: string, state: 'up' | 'down' | 'draining', ms = 15_000, abort?: AbortSignal) => {
    const deadline = Date.now() + ms;
    for (;;) {
      abort?.throwIfAborted();
      const found = (await servers().catch(() => [])).find((server) => server.name === name);
      if (found && matches(found, state)) return found;
      if (Date.now() > deadline) {
        throw new Error(`HAProxy did not report ${name} ${state} within ${ms} ms: ${JSON.stringify(found)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  // Children have process groups of their own: should this process exit without stop(), they
  // would outlive it. Synchronous, as 'exit' handlers must be.
  const orphans = () => {
    for (const child of exits.keys()) send(child, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', orphans);

  const stop = async (graceMs = 15_000, signal: NodeJS.Signals = 'SIGTERM') => {
    const children = [...(proxy ? [proxy.process] : []), ...nodes.map((node) => node.process)];
    await Promise.all(children.map((child) => end(child, signal, graceMs)));
    process.off('exit', orphans);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    for (let i = 1; i <= count; i++) {
      nodes.push(await startNode(`node${i}`, launch));
    }
    const template = readFileSync(haproxyTemplate, 'utf8');
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await freePort());
      const host = options.host ?? '127.0.0.1';
      const config = fillHaproxyConfig(template, {
        bind: `${host}:${port}`,
        peerAddr: `127.0.0.1:${await freePort()}`,
        adminSocket,
        nodes: nodes.map((node) => ({ name: node.name, addr: `127.0.0.1:${node.port}`, agentPort: node.agentPort })),
        ...(options.proxyLimits ? { limits: options.proxyLimits } : {}),
      });
      const file = join(dir, 'haproxy.cfg');
      writeFileSync(file, config);
      const child = track(
        spawn(haproxy, ['-f', file, '-db'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
      );
      const log = watch(child.stdout!, 'haproxy', echo, process.stdout);
      const stderr = watch(child.stderr!, 'haproxy', echo, process.stderr);
      proxy = { process: child, log: log.text, stderr: stderr.text };
      const gaveUp = new AbortController();
      const ready = Promise.all(nodes.map((node) => waitForServer(node.name, 'up', startMs, gaveUp.signal)));
      const exited = (exits.get(child) as Promise<unknown>).then(() => 'exited' as const);
      const outcome = await Promise.race([ready.then(() => 'ready' as const), exited]).finally(() => gaveUp.abort());
      ready.catch(() => {});
      if (outcome === 'ready') {
        log.settle();
        stderr.settle();
        const url = `http://${['', '0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host}:${port}`;
        return {
          url,
          port,
          dir,
          nodes,
          proxy,
          sealKeys,
          node: (name) => nodeNamed(nodes, name),
          kill: (name, signal = 'SIGKILL') => end(nodeNamed(nodes, name).process, signal, 0),
          async restart(name) {
            const node = nodeNamed(nodes, name);
            if (node.process.exitCode === null && node.process.signalCode === null) {
              throw new Error(`${name} is still running: kill it first`);
            }
            Object.assign(node, await launch(name, node.port, node.agentPort));
            await waitForServer(name, 'up', startMs);
          },
          waitForServer,
          servers,
          routes: async () => parseTable(await admin(`show table ${ROOMS_BACKEND}`)),
          admin,
          stop,
        };
      }
      const why = stderr.text.text;
      proxy = undefined;
      if (options.port !== undefined || attempt >= 3 || !/cannot bind|Address already in use/i.test(why)) {
        throw new Error(`haproxy exited: ${why.slice(-2_000)}`);
      }
    }
  } catch (error) {
    await stop(0, 'SIGKILL').catch(() => {});
    throw error;
  }
}

/** A node on two free ports; again on two others if one was taken meanwhile. */
async function startNode(
  name: string,
  launch: (name: string, port: number, agentPort: number) => Promise<ClusterNode>,
): Promise<ClusterNode> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(name, await freePort(), await freePort());
    } catch (error) {
      if (attempt >= 3 || !(error as Error).message.includes('EADDRINUSE')) throw error;
    }
  }
}

function nodeNamed(nodes: ClusterNode[], name: string): ClusterNode {
  const node = nodes.find((candidate) => candidate.name === name);
  if (!node) throw new Error(`no node named ${name}`);
  return node;
}

function matches(server: ServerState, state: 'up' | 'down' | 'draining'): boolean {
  if (state === 'down') return !server.up;
  if (state === 'draining') return server.up && server.draining;
  return server.up && server.checked && !server.draining && !server.maintenance;
}

/**
 * A child's output as a TextStream. With `echo`, its lines go to the terminal prefixed with its
 * name, and the TextStream only holds what came before `settle()` (the ready line), so a cluster
 * that runs for days keeps no log in memory.
 */
function watch(
  stream: Readable,
  name: string,
  echo: boolean,
  sink: NodeJS.WritableStream,
): { text: TextStream; settle(): void } {
  if (!echo) return { text: new TextStream(stream), settle: () => {} };
  const kept = new PassThrough();
  const text = new TextStream(kept);
  createInterface({ input: stream }).on('line', (line) => {
    sink.write(`[${name}] ${line}\n`);
    if (!kept.writableEnded) kept.write(`${line}\n`);
  });
  return { text, settle: () => kept.end() };
}

/** Sends a signal to a process that may have exited already. */
function send(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.kill(signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** One command on HAProxy's runtime API: it answers and closes the connection. */
export function runtimeApi(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.once('error', reject);
    socket.once('end', () => resolve(answer));
    socket.once('connect', () => socket.write(`${command}\n`));
  });
}

/** `show servers state <backend>`: format 1, a header line of field names, then one line per server. */
export function parseServersState(text: string): ServerState[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = lines.find((line) => line.startsWith('# be_id'));
  if (!header) throw new Error(`unexpected "show servers state" answer: ${text.slice(0, 200)}`);
  const fields = header.slice(2).split(' ');
  const at = (row: string[], field: string) => row[fields.indexOf(field)] ?? '';
  return lines
    .filter((line) => !line.startsWith('#') && line.includes(' '))
    .map((line) => {
      const row = line.split(' ');
      const admin = Number(at(row, 'srv_admin_state'));
      return {
        name: at(row, 'srv_name'),
        // 0 stopped, 1 starting, 2 running, 3 stopping
        up: Number(at(row, 'srv_op_state')) !== 0,
        // CHK_RES_PASSED
        checked: Number(at(row, 'srv_check_result')) === 3,
        // FDRAIN 0x08 (the agent's or the CLI's), IDRAIN 0x10 (tracked)
        draining: (admin & 0x18) !== 0,
        // FMAINT, IMAINT, CMAINT, RMAINT, HMAINT
        maintenance: (admin & 0x67) !== 0,
        weight: Number(at(row, 'srv_uweight')),
      };
    });
}

/** `show table holdspace_rooms`: one line per key, `key=<routeKey> … server_key=<node name>`. */
export function parseTable(text: string): Map<string, string> {
  const routes = new Map<string, string>();
  for (const line of text.split('\n')) {
    const entry = /\bkey=(\S+).*\bserver_key=(\S+)/.exec(line);
    if (entry) routes.set(entry[1]!, entry[2]!);
  }
  return routes;
}
