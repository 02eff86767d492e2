import type { Readable } from 'node:stream';

/**
 * Reads a child's output line by line, keeping only the last lines (a server logs a line per
 * join; a benchmark must neither hold them all nor let the pipe fill and block the child).
 */
export class LineWatch {
  readonly #tail: string[] = [];
  #partial = '';
  readonly #waiters = new Set<(line: string) => boolean>();

  constructor(stream: Readable, keep = 50) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (this.#partial + chunk).split('\n');
      this.#partial = lines.pop() ?? '';
      for (const line of lines) {
        this.#tail.push(line);
        if (this.#tail.length > keep) this.#tail.shift();
        for (const waiter of [...this.#waiters]) if (waiter(line)) this.#waiters.delete(waiter);
      }
    });
  }

  get tail(): string {
    return this.#tail.join('\n');
  }

  /** Resolves with the first line (from now on) matching `pattern`. */
  until(pattern: RegExp, ms: number, what: string): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      const check = (line: string) => {
        const match = line.match(pattern);
        if (!match) return false;
        clearTimeout(timer);
        resolve(match);
        return true;
      };
      this.#waiters.add(check);
    });
  }
}
