import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * An attack in a process of its own (a helper script under tests/helpers), so that its load is not
 * the test's; resolves once the script prints `ready`, and rejects if it exits first. `said()` is
 * everything it has printed so far (the refusals it met).
 */
export async function startAttacker(
  script: string,
  args: readonly string[],
): Promise<{ said(): string; close(): void }> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const attacker = spawn(process.execPath, ['--import', 'tsx', path, ...args]);
  let said = '';
  await new Promise<void>((resolve, reject) => {
    attacker.stdout.on('data', (data: Buffer) => {
      said += data.toString();
      if (said.includes('ready')) resolve();
    });
    attacker.once('exit', (code) => reject(new Error(`the attacker exited (${code})`)));
  });
  return { said: () => said, close: () => attacker.kill('SIGKILL') };
}
