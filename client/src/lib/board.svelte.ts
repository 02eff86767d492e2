import type { BoardEntry, CommitmentStatus, TextField } from '../../../shared/src/board/model.ts';
import type { BoardRow } from '../../../shared/src/board/rules.ts';
import { BoardClose } from '../../../shared/src/protocol/boardEndpoint.ts';
import type { EpochKey } from './board/keyring.ts';
import type { BoardLink, Editing, ImportedBoard, ImportOutcome, LinkOptions, PeerState } from './boardLink.ts';

type Kit = typeof import('./boardLink.ts');

/** What the page gives the board to open it: the link's options but the keys, which load with it. */
export type BoardRequest = Omit<LinkOptions, 'keys'>;

/** Where this device's board connection stands; one shape per moment. */
export type BoardConnection =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting' }
  /** Connected, waiting for a member's device to seal the board key to this one. */
  | { kind: 'awaitingKey' }
  /** The server closed the board for good (a 44xx close code) [BD4]. */
  | { kind: 'stopped'; code: number }
  /** The board's code could not be loaded (offline on first use). */
  | { kind: 'failed' }
  /** The room is over: only this device's copy is left, for export. */
  | { kind: 'frozen' };

/** How long a chosen file waits for the board to connect before the import says it is not. */
const IMPORT_WAIT_MS = 10_000;

/** What is left of the board once the room has ended: this device's last copy, for export. */
export interface KeptBoard {
  rows: BoardRow[];
  purpose: string;
}

/**
 * This device's copy of the commitment board [BD1–BD6]. It holds each member's entry for rendering
 * (names and order are the room's: `boardRows` joins them) and loads the Yjs side (yjs, y-websocket,
 * the board model) with import() the first time a member opens a room. Rendering and permissions
 * are the components' job; the server enforces writes.
 */
export class BoardSession {
  entries: ReadonlyMap<string, BoardEntry> = $state.raw(new Map());
  /** Set once the room has ended. */
  kept: KeptBoard | null = $state.raw(null);
  connection: BoardConnection = $state.raw({ kind: 'idle' });
  /** Other devices' awareness: who is typing where. */
  peers: PeerState[] = $state.raw([]);
  /** The loaded module, once loaded: status labels and the export format live there. */
  kit: Kit | null = $state.raw(null);
  /**
   * The connection the fields write through, once its document has synced with the server's. A
   * field bound before that would find no row in the new, empty document and send nothing.
   */
  link: BoardLink | null = $state.raw(null);
  /** The connection being made or in use; it becomes `link` once synced. */
  #current: BoardLink | null = null;

  #request: BoardRequest | null = null;
  #options: LinkOptions | null = null;
  #disposed = false;
  /** Told after every change of the entries; the page's controller listens. */
  onEntries: () => void = () => {};
  /** Told when the board goes live: synced, with this epoch's key in hand. */
  onLive: () => void = () => {};
  /** Told when every device refuses a writer's frame, with the writer's member id. */
  onRefused: (from: string) => void = () => {};
  /** Last session's export, once imported on this device; never sent anywhere. */
  #imported: ImportedBoard | null = null;
  /** Rows the import has been offered to. Each is filled at most once: a field cleared stays clear. */
  #importOffered = new Set<string>();
  /** Called once a synced link is bound (or the board goes for good): an import waiting for it. */
  readonly #linkWaiters = new Set<() => void>();

  /**
   * Connects once per room; later calls with the same member do nothing. Loads the board's code
   * and this device's member keys (made when it joined) first.
   */
  async open(request: BoardRequest): Promise<void> {
    if (this.#disposed || this.#request?.memberId === request.memberId) return;
    this.#request = request;
    this.connection = { kind: 'loading' };
    let keys: LinkOptions['keys'];
    try {
      const [kit, { keysFor }] = await Promise.all([import('./boardLink.ts'), import('./deviceKeys.ts')]);
      this.kit ??= kit;
      keys = await keysFor(request.roomId);
    } catch {
      this.connection = { kind: 'failed' };
      return;
    }
    if (this.#disposed || this.#request !== request) return;
    this.#options = { ...request, keys };
    this.#connect();
  }

  /** The board key of the live board, for private answers; null until the board is live. */
  boardKey(): EpochKey | null {
    return this.link?.boardKey() ?? null;
  }

  /** Starts again from what the server has: after a permanent close, or when write access is lost. */
  reconnect(): void {
    if (this.#disposed || this.connection.kind === 'frozen') return;
    if (!this.kit || !this.#options) {
      const request = this.#request;
      this.#request = null;
      if (request) void this.open(request);
      return;
    }
    this.#connect();
  }

  /** The room changed (someone joined, a role passed): the board makes rows and does what it now may. */
  roomChanged(): void {
    this.#current?.roomChanged();
  }

  #connect(): void {
    const kit = this.kit;
    const options = this.#options;
    if (!kit || !options || this.#disposed || this.connection.kind === 'frozen') return;
    this.#current?.destroy();
    this.#current = null;
    this.link = null;
    this.peers = [];
    this.connection = { kind: 'connecting' };
    let link: BoardLink | null = null;
    const mine = () => link !== null && this.#current === link;
    link = new kit.BoardLink(options, {
      entries: (entries) => {
        if (!mine()) return;
        this.entries = entries;
        this.onEntries();
      },
      status: (status, synced) => {
        if (!mine() || this.connection.kind === 'stopped') return;
        if (status === 'connected' && synced) {
          this.connection = { kind: 'live' };
          this.link = link;
          for (const waiter of [...this.#linkWaiters]) waiter();
          this.onLive();
        } else if (status !== 'connected') {
          this.connection = { kind: this.connection.kind === 'connecting' ? 'connecting' : 'reconnecting' };
        }
      },
      closed: (code) => {
        if (!mine()) return;
        // The server rebuilt the board: this copy's history is gone there, so start from a fresh one.
        if (code === BoardClose.reset) {
          queueMicrotask(() => this.reconnect());
          return;
        }
        this.connection = { kind: 'stopped', code };
        this.peers = [];
      },
      peers: (peers) => {
        if (mine()) this.peers = peers;
      },
      refused: (from) => {
        if (mine()) this.onRefused(from);
      },
      awaitingKey: (waiting) => {
        if (!mine() || this.connection.kind === 'stopped' || this.connection.kind === 'live') return;
        if (waiting) this.connection = { kind: 'awaitingKey' };
        else if (this.connection.kind === 'awaitingKey') this.connection = { kind: 'connecting' };
      },
    });
    this.#current = link;
  }

  /**
   * The room ended: keep the rows this device has, under the room's last names, for export; let go
   * of the document and the socket.
   */
  freeze(toRows: (entries: ReadonlyMap<string, BoardEntry>) => BoardRow[], purpose: string): void {
    if (this.connection.kind === 'frozen') return;
    const rows = toRows(this.link ? this.link.entries() : this.entries);
    if (rows.length > 0) this.kept = { rows, purpose };
    this.#current?.destroy();
    this.#current = null;
    this.link = null;
    this.peers = [];
    this.connection = { kind: 'frozen' };
    for (const waiter of [...this.#linkWaiters]) waiter();
  }

  /** Lets go of the board and of everything this device had of it, with nothing kept to export. */
  forget(): void {
    this.dispose();
    this.entries = new Map();
    this.kept = null;
    this.peers = [];
    this.#imported = null;
    this.connection = { kind: 'idle' };
  }

  dispose(): void {
    this.#disposed = true;
    for (const waiter of [...this.#linkWaiters]) waiter();
    this.#current?.destroy();
    this.#current = null;
    this.link = null;
  }

  readonly #attachments = new Map<string, (el: HTMLInputElement | HTMLTextAreaElement) => () => void>();
  /** Fields typed into while no link was bound (the board reconnecting): what they hold is kept. */
  readonly #typedUnbound = new WeakSet<Element>();

  /**
   * An attachment binding a text field to its row's Y.Text. The same function for the same field
   * every time, so re-rendering the rows never re-binds (which would move the caret); it re-binds
   * only when the link is replaced, because it reads `link`. While there is no link, it notes
   * whether the field is typed into, so those words are not lost when the board comes back.
   */
  field(memberId: string, field: TextField) {
    const key = `${memberId}\u0000${field}`;
    let attachment = this.#attachments.get(key);
    if (!attachment) {
      attachment = (el) => {
        const link = this.link;
        if (link) {
          const typed = this.#typedUnbound.has(el);
          this.#typedUnbound.delete(el);
          return link.bindField(el, memberId, field, typed);
        }
        const typing = () => this.#typedUnbound.add(el);
        el.addEventListener('input', typing);
        return () => el.removeEventListener('input', typing);
      };
      this.#attachments.set(key, attachment);
    }
    return attachment;
  }

  setEditing(editing: Editing | null): void {
    this.link?.setEditing(editing);
  }

  setStatus(memberId: string, status: CommitmentStatus): void {
    this.link?.setStatus(memberId, status);
  }

  /**
   * The synced link, waiting up to `ms` for one: a file chosen while the board still connects (just
   * after the room opened, or while it reconnects) is read once the board is there.
   */
  #live(ms: number): Promise<BoardLink | null> {
    if (this.link || this.#disposed || this.connection.kind === 'frozen') return Promise.resolve(this.link);
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        this.#linkWaiters.delete(waiter);
        resolve(this.link);
      };
      const timer = setTimeout(waiter, ms);
      this.#linkWaiters.add(waiter);
    });
  }

  /**
   * Fills empty "last time" fields from last session's commitments in the group's history, matching
   * the rows as the room names them [BD5, HF2]. The history stays on this device while the page is
   * open, so a member who joins later is filled too (see `fillLateJoiners`).
   */
  async fillFromHistory(imported: ImportedBoard, rows: () => readonly BoardRow[]): Promise<ImportOutcome> {
    const link = await this.#live(IMPORT_WAIT_MS);
    if (!link) return { ok: false, message: 'The board is not connected right now. Try again in a moment.' };
    return this.#fill(link, imported, rows);
  }

  #fill(link: BoardLink, imported: ImportedBoard, rows: () => readonly BoardRow[]): ImportOutcome {
    this.#imported = imported;
    // Read the rows now, from the synced board: the ones shown before it synced may be empty.
    const current = rows();
    this.#importOffered = new Set(current.map((row) => row.memberId));
    const plan = link.fillLastTime(current, imported);
    return { ok: true, filled: plan.fill.length, unmatched: plan.unmatched, kept: plan.kept };
  }

  /** Fills the rows of members who joined after an import on this device, where still empty [BD5]. */
  fillLateJoiners(rows: readonly BoardRow[]): void {
    const link = this.link;
    const imported = this.#imported;
    if (!link || !imported || imported.rows.length === 0) return;
    const late = rows.filter((row) => !this.#importOffered.has(row.memberId));
    if (late.length === 0) return;
    for (const row of late) this.#importOffered.add(row.memberId);
    link.fillLastTime(late, imported);
  }

  /** Saves the rows on this device, no server involved: JSON, Markdown, or both [BD5]. */
  export(which: 'both' | 'json' | 'markdown', rows: readonly BoardRow[], purpose: string): boolean {
    const kit = this.kit;
    if (!kit) return false;
    kit.downloadBoard(which, rows, purpose, new Date());
    return true;
  }
}
