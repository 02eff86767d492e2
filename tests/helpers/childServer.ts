import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextStream } from './textStream.ts';
import { TRACED_SYSCALLS } from './diskTrace.ts';
import { freePort } from './freePort.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The command `npm start` runs the server with, after building the client: its environment
 * assignments and its words, read from package.json, so the proof always runs what production runs.
 */
export function productionCommand(): { env: Record<string, string>; argv: string[] } {
  const { scripts } = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { scripts: { start: string } };
  const serverPart = scripts.start.split('&&').at(-1)?.trim() ?? '';
  const words = serverPart.split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0]?.includes('=')) {
    const [name, value] = (words.shift() ?? '').split('=') as [string, string];
    env[name] = value;
  }
  return { env, argv: words };
}

/**
 * V8 truncates every string in a heap snapshot to 1024 characters by default, so a canary deep in
 * a long string would go unseen. This only changes how snapshots are written, nothing else.
 */
const SNAPSHOT_STRING_LIMIT = 1 << 20;

export interface ChildServer {
  url: string;
  port: number;
  /** The V8 inspector of the server process, from the line Node prints on stderr. */
  inspectorUrl: string;
  stdout: TextStream;
  stderr: TextStream;
  /** strace's output: one line per traced system call of the whole process tree. */
  trace: TextStream;
  /** SIGTERM to the production command, as an operator stops it; SIGKILL to the tree if it hangs. */
  stop(): Promise<void>;
}

/** Fails, never skips, when strace is missing: without it there is no proof. */
export function requireStrace(): void {
  const probe = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'strace is required by the no-transcript proof and was not found or does not run ' +
        `(${probe.error?.message ?? probe.stderr.trim()}). Install it: apt-get install -y strace (.ci/run does).`,
    );
  }
}

/**
 * Starts the real server as production does (package.json "start"), under
 * `strace -f` (its output on a pipe of its own, never a file), with the V8 inspector on a random
 * loopback port. Resolves once the server has logged `server.listening`. main.ts logs the port it
 * was asked for, not the one it got, so the port is chosen here rather than left to `PORT=0`.
 */
export async function startChildServer(attempts = 3): Promise<ChildServer> {
  requireStrace();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(port);
    } catch (error) {
      const portTaken = error instanceof Error && error.message.includes('EADDRINUSE');
      if (!portTaken || attempt >= attempts) throw error;
    }
  }
}

async function launch(port: number): Promise<ChildServer> {
  // Only what the command needs: none of vitest's variables (NODE_OPTIONS among them) reach it.
  const production = productionCommand();
  const [program, ...args] = production.argv;
  if (program !== 'node') throw new Error(`npm start runs "${program}"; the proof expects node`);
  const env: Record<string, string> = {
    ...production.env,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  const child = spawn(
    'strace',
    [
      '-f',
      '-qq',
      '-e',
      'signal=none',
      '-e',
      `trace=${TRACED_SYSCALLS.join(',')}`,
      // strace pipes its lines to `cat`, whose output is fd 3 of this process: no file anywhere.
      '-o',
      '|cat >&3',
      process.execPath,
      '--inspect=127.0.0.1:0',
      `--heap-snapshot-string-limit=${SNAPSHOT_STRING_LIMIT}`,
      ...args,
    ],
    // Its own process group, so a hung tree can be ended as one, by this group's id.
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], detached: true },
  );
  const stdout = new TextStream(child.stdout!);
  const stderr = new TextStream(child.stderr!);
  const trace = new TextStream(child.stdio[3] as NonNullable<ChildProcess['stdout']>);
  const exited = once(child, 'exit');
  const stop = () => stopTree(child, trace, exited);
  try {
    const [, inspector] = await Promise.all([
      stdout.until(/"event":"server\.listening"/, 'the server.listening log line', 60_000),
      stderr.until(/Debugger listening on (ws:\/\/\S+)/, 'the inspector URL', 60_000),
    ]);
    return { url: `http://127.0.0.1:${port}`, port, inspectorUrl: inspector[1]!, stdout, stderr, trace, stop };
  } catch (error) {
    await stop();
    throw new Error(`the server did not start: ${(error as Error).message}\n${stderr.text.slice(-2_000)}`);
  }
}

/** The first traced process is the command strace started: the server's Node process. */
function commandPid(trace: TextStream): number | null {
  const first = /^(\d+) /m.exec(trace.text);
  return first ? Number(first[1]) : null;
}

async function stopTree(child: ChildProcess, trace: TextStream, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const killTree = async () => {
    if (child.pid !== undefined) signal(-child.pid, 'SIGKILL');
    await exited;
  };
  const pid = commandPid(trace);
  if (pid === null) return killTree();
  signal(pid, 'SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 15_000, 'timeout').unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') await killTree();
}

/** Sends a signal to a process (or a group, with a negative id) that may have exited already. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
