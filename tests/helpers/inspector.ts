import { once } from 'node:events';
import WebSocket from 'ws';

interface Reply {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { message: string };
}

/**
 * A client of another process's V8 inspector (the DevTools protocol over a WebSocket), enough to
 * take heap snapshots in memory: nothing is ever written to a file.
 */
export class InspectorClient {
  #next = 0;
  readonly #pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  readonly #listeners = new Map<string, (params: Record<string, unknown>) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.#receive(JSON.parse(String(data)) as Reply));
    ws.on('close', () => {
      for (const { reject } of this.#pending.values()) reject(new Error('inspector connection closed'));
      this.#pending.clear();
    });
  }

  static async connect(url: string): Promise<InspectorClient> {
    // A snapshot arrives in many chunks; none comes near this, but the default would be too small for one message.
    const ws = new WebSocket(url, { maxPayload: 1 << 30 });
    await once(ws, 'open');
    return new InspectorClient(ws);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = ++this.#next;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  /**
   * A full garbage collection, then a heap snapshot, returned as its JSON text: every string the
   * process can still reach appears in it (up to the snapshot's string length limit).
   */
  async heapSnapshot(): Promise<string> {
    const chunks: string[] = [];
    this.#listeners.set('HeapProfiler.addHeapSnapshotChunk', (params) => chunks.push(String(params.chunk)));
    try {
      await this.send('HeapProfiler.enable');
      await this.send('HeapProfiler.collectGarbage');
      await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      this.#listeners.delete('HeapProfiler.addHeapSnapshotChunk');
    }
    return chunks.join('');
  }

  /**
   * Runs a script in the process, for the positive controls only. With the command-line API, as in
   * a DevTools console, so `require` exists even though the server is an ES module.
   */
  async evaluate(expression: string): Promise<void> {
    const reply = (await this.send('Runtime.evaluate', { expression, includeCommandLineAPI: true })) as {
      exceptionDetails?: { text: string };
    };
    if (reply.exceptionDetails) throw new Error(`evaluate failed: ${reply.exceptionDetails.text}`);
  }

  close(): void {
    this.ws.close();
  }

  #receive(message: Reply): void {
    if (message.id === undefined) {
      if (message.method) this.#listeners.get(message.method)?.(message.params ?? {});
      return;
    }
    const pending = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    if (message.error) pending?.reject(new Error(message.error.message));
    else pending?.resolve(message.result);
  }
}
