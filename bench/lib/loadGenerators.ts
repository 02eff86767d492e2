import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FillOptions } from '../load/roomSet.ts';
import type { WorkerRequest } from '../load/worker.ts';

const workerPath = fileURLToPath(new URL('../load/worker.ts', import.meta.url));

/** One forked load-generator process and a promise-based call into it. */
export class LoadGenerator {
  #next = 0;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.ok) pending?.resolve(message.result);
      else pending?.reject(new Error(`load generator: ${message.error}`));
    });
    child.on('exit', (code) => {
      for (const { reject } of this.#pending.values()) reject(new Error(`load generator exited (${code})`));
      this.#pending.clear();
    });
  }

  static start(): LoadGenerator {
    const child = fork(workerPath, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, TSX_DISABLE_CACHE: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    return new LoadGenerator(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(request: WorkerRequest): Promise<T> {
    const id = ++this.#next;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, request });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Several load generators; the work of a step is split between them. */
export class LoadGenerators {
  private constructor(readonly all: LoadGenerator[]) {}

  static start(count: number): LoadGenerators {
    return new LoadGenerators(Array.from({ length: count }, () => LoadGenerator.start()));
  }

  get pids(): number[] {
    return this.all.map((g) => g.pid);
  }

  /** Calls every generator, each with its own request. */
  each<T>(request: (index: number) => WorkerRequest): Promise<T[]> {
    return Promise.all(this.all.map((g, i) => g.call<T>(request(i))));
  }

  /** Fills `rooms` rooms on a server, each generator its share, with the same options. */
  fill<T>(rooms: number, options: Omit<FillOptions, 'rooms'>): Promise<T[]> {
    const parts = this.all.length;
    return this.each<T>((i) => ({ op: 'fill', options: { ...options, rooms: split(rooms, parts, i) } }));
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((g) => g.stop()));
  }
}

/** `total` split into `parts` whole shares that add up to it. */
export function split(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}
