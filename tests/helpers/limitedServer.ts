import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { productionCommand } from './childServer.ts';
import { freePort } from './freePort.ts';
import { TextStream } from './textStream.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface LimitedServer {
  url: string;
  stdout: TextStream;
  stderr: TextStream;
  /** Whether the process is still running. */
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * The production server (package.json "start") in a process whose open-file limit is
 * `openFiles`, as a small container or a careless systemd unit would give it.
 */
export async function startLimitedServer(openFiles: number, env: Record<string, string> = {}): Promise<LimitedServer> {
  const production = productionCommand();
  const port = await freePort();
  const child = spawn(
    'bash',
    ['-c', `ulimit -n ${openFiles} && exec "$@"`, 'bash', process.execPath, ...production.argv.slice(1)],
    {
      cwd: repoRoot,
      env: {
        ...production.env,
        ...env,
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stdout = new TextStream(child.stdout);
  const stderr = new TextStream(child.stderr);
  const exited = once(child, 'exit');
  const alive = () => child.exitCode === null && child.signalCode === null;
  try {
    await stdout.until(/"event":"server\.listening"/, 'the server.listening log line', 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`the server did not start: ${(error as Error).message}\n${stderr.text.slice(-2_000)}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stdout,
    stderr,
    alive,
    async stop() {
      if (!alive()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
