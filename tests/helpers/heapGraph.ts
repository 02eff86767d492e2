/** The parts of V8's heap snapshot JSON that a retainer path needs. */
interface SnapshotJson {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Synthetic roots whose edges do not keep a string alive in any way a program could use. */
const NOT_RETAINING = new Set(['(Internalized strings)', '(External strings)']);

/**
 * A heap snapshot as a graph, to answer "what keeps this string alive?" with the shortest path
 * from the GC roots, as the Retainers view of DevTools shows it.
 */
export class HeapGraph {
  readonly #json: SnapshotJson;
  readonly #nodeWidth: number;
  readonly #edgeWidth: number;
  /** Index into `edges` of each node's first edge. */
  readonly #firstEdge: Uint32Array;

  constructor(text: string) {
    this.#json = JSON.parse(text) as SnapshotJson;
    const { meta } = this.#json.snapshot;
    this.#nodeWidth = meta.node_fields.length;
    this.#edgeWidth = meta.edge_fields.length;
    const count = this.#json.nodes.length / this.#nodeWidth;
    const edgeCountField = meta.node_fields.indexOf('edge_count');
    this.#firstEdge = new Uint32Array(count + 1);
    for (let n = 0; n < count; n++) {
      this.#firstEdge[n + 1] =
        this.#firstEdge[n]! + this.#json.nodes[n * this.#nodeWidth + edgeCountField]! * this.#edgeWidth;
    }
  }

  /** Nodes (strings, and objects named after one) whose name contains `needle`. */
  nodesNaming(needle: string): number[] {
    const found: number[] = [];
    const count = this.#firstEdge.length - 1;
    for (let n = 0; n < count; n++) if (this.#name(n).includes(needle)) found.push(n);
    return found;
  }

  /**
   * The shortest chain of strong references from the GC roots to `node`, one line per step:
   * `edge -> [type] name`; null when only the string table or weak references hold it.
   */
  retainerChain(node: number): string[] | null {
    const parentEdge = this.#shortestPathsFromRoot();
    if (node !== 0 && parentEdge[node] === -1) return null;
    const steps: string[] = [];
    for (let at = node; at !== 0; ) {
      const edge = parentEdge[at]!;
      const from = this.#ownerOf(edge);
      steps.unshift(`${this.#edgeName(edge)} -> ${this.describe(at)}`);
      at = from;
    }
    steps.unshift(this.describe(0));
    return steps;
  }

  describe(node: number): string {
    if (node === 0) return '(heap root)';
    const name = this.#name(node).replace(/\s+/g, ' ');
    return `[${this.#type(node)}] ${name.length > 80 ? `${name.slice(0, 77)}...` : name}`;
  }

  #parents: Int32Array | null = null;
  #owners: Uint32Array | null = null;

  #shortestPathsFromRoot(): Int32Array {
    if (this.#parents) return this.#parents;
    const count = this.#firstEdge.length - 1;
    const parents = new Int32Array(count).fill(-1);
    const seen = new Uint8Array(count);
    const queue = new Uint32Array(count);
    let head = 0;
    let tail = 0;
    queue[tail++] = 0;
    seen[0] = 1;
    while (head < tail) {
      const from = queue[head++]!;
      if (NOT_RETAINING.has(this.#name(from))) continue;
      for (let e = this.#firstEdge[from]!; e < this.#firstEdge[from + 1]!; e += this.#edgeWidth) {
        if (this.#edgeType(e) === 'weak') continue;
        const to = this.#json.edges[e + 2]! / this.#nodeWidth;
        if (seen[to]) continue;
        seen[to] = 1;
        parents[to] = e;
        queue[tail++] = to;
      }
    }
    this.#parents = parents;
    return parents;
  }

  #ownerOf(edge: number): number {
    if (!this.#owners) {
      const count = this.#firstEdge.length - 1;
      this.#owners = new Uint32Array(this.#json.edges.length / this.#edgeWidth);
      for (let n = 0; n < count; n++) {
        for (let e = this.#firstEdge[n]!; e < this.#firstEdge[n + 1]!; e += this.#edgeWidth) {
          this.#owners[e / this.#edgeWidth] = n;
        }
      }
    }
    return this.#owners[edge / this.#edgeWidth]!;
  }

  #name(node: number): string {
    return this.#json.strings[this.#json.nodes[node * this.#nodeWidth + 1]!] ?? '';
  }

  #type(node: number): string {
    return this.#json.snapshot.meta.node_types[0][this.#json.nodes[node * this.#nodeWidth]!] ?? '?';
  }

  #edgeType(edge: number): string {
    return this.#json.snapshot.meta.edge_types[0][this.#json.edges[edge]!] ?? '?';
  }

  #edgeName(edge: number): string {
    const type = this.#edgeType(edge);
    const nameOrIndex = this.#json.edges[edge + 1]!;
    if (type === 'element' || type === 'hidden') return `[${nameOrIndex}]`;
    return `${type === 'context' ? 'context var ' : ''}${this.#json.strings[nameOrIndex] ?? '?'}`;
  }
}

/** What keeps `needle` alive, in words: each string holding it, and the chain from the GC roots to it. */
export function explainRetention(graph: HeapGraph, needle: string, maxStrings = 3): string {
  const nodes = graph.nodesNaming(needle);
  if (nodes.length === 0) return `"${needle}" occurs only as a property or variable name in the snapshot`;
  return nodes
    .slice(0, maxStrings)
    .map((node) => {
      const chain = graph.retainerChain(node);
      const path = chain ? chain.map((step) => `    ${step}`).join('\n') : '    (no strong path from the GC roots)';
      return `  ${graph.describe(node)}\n${path}`;
    })
    .join('\n');
}
