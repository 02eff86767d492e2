import type { Readable } from 'node:stream';

/**
 * Everything a stream has carried so far, as text, and a way to wait for what it will carry.
 * `until` resolves as soon as the text matches, re-checked on every chunk: no polling, no sleeps.
 */
export class TextStream {
  #text = '';
  #ended = false;
  readonly #waiters = new Set<() => void>();

  constructor(stream: Readable) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      this.#text += chunk;
      this.#wake();
    });
    stream.on('end', () => {
      this.#ended = true;
      this.#wake();
    });
  }

  get text(): string {
    return this.#text;
  }

  /** Resolves with the first match of `pattern`; rejects if the stream ends or `ms` pass first. */
  until(pattern: RegExp, what: string, ms: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.#text.match(pattern);
        if (match) return done(() => resolve(match));
        if (this.#ended) return done(() => reject(new Error(`stream ended before ${what}`)));
      };
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        settle();
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`))), ms);
      this.#waiters.add(check);
      check();
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
