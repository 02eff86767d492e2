import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { planImport, toExport, toMarkdown } from '../../../shared/src/board/exchange.ts';
import {
  type BoardEntry,
  type CommitmentStatus,
  commitmentStatuses,
  readEntries,
  replaceText,
  rowText,
  setStatus,
  statusLabels,
  type TextField,
  textFields,
} from '../../../shared/src/board/model.ts';
import type { BoardRow } from '../../../shared/src/board/rules.ts';
import type { MemberKeyPairs } from '../../../shared/src/crypto/memberKeys.ts';
import type { RoomState } from '../../../shared/src/room/state.ts';
import { relayRoom } from './board/relayRoom.ts';
import type { EpochKey } from './board/keyring.ts';
import { type RelayRoom, type RelaySocket, relaySocketClass } from './board/relaySocket.ts';
import { type EventSocket, socketWire } from './board/socketWire.ts';
import { downloadText, fileDate } from './download.ts';
import { diffText, shiftPosition, type DeltaOp } from './textDiff.ts';

/*
 * Everything that needs Yjs lives in this module, which the page loads with import() once someone
 * is in a room, so the first page load stays small.
 */

export { commitmentStatuses, statusLabels };

/** The field someone is typing in: a row (by member id) and one of its text fields. */
export interface Editing {
  memberId: string;
  field: TextField;
}

/** What each device says about itself through awareness: which member it is and where it is typing. */
export interface PeerState {
  memberId: string;
  editing: Editing | null;
}

export type LinkStatus = 'connecting' | 'connected' | 'disconnected';

export interface LinkEvents {
  entries(entries: Map<string, BoardEntry>): void;
  status(status: LinkStatus, synced: boolean): void;
  /** The server closed the connection for good; the code says why [BD4, BD6]. */
  closed(code: number): void;
  peers(peers: PeerState[]): void;
  /** A writer's frame that does not keep the board's shape, or does not open: every device refuses it. */
  refused(from: string): void;
  /** Whether this device waits for someone to seal the board key to it. */
  awaitingKey(waiting: boolean): void;
}

export interface LinkOptions {
  roomId: string;
  memberId: string;
  /** This device's member keys: they sign its frames and open the board key sealed to it. */
  keys: MemberKeyPairs;
  /** The member's Socket.IO connection: the board's frames travel on it. */
  socket: EventSocket;
  /** The room as this device's replica has it now: the roster's keys, who writes, who seals. */
  state: () => RoomState | null;
}

/** A row of last session's export: whose it was and what they committed to. */
export interface ImportedRow {
  name: string;
  commitment: string;
}

/**
 * Last session's export as read on this device, with the room's comparison of names that look
 * alike (it carries Unicode's confusables, so it loads with the file, not with the page) [RM4, BD5].
 */
export interface ImportedBoard {
  rows: ImportedRow[];
  sameName: (a: string, b: string) => boolean;
}

export type ImportOutcome =
  | { ok: true; filled: number; unmatched: string[]; kept: string[] }
  | { ok: false; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toPeer(value: unknown): PeerState | null {
  if (!isRecord(value) || typeof value.memberId !== 'string') return null;
  const editing = value.editing;
  const valid =
    isRecord(editing) &&
    typeof editing.memberId === 'string' &&
    (textFields as readonly unknown[]).includes(editing.field);
  return {
    memberId: value.memberId,
    editing: valid ? { memberId: editing.memberId as string, field: editing.field as TextField } : null,
  };
}

/**
 * One connection of this device to the room's board: a Y.Doc synced by the stock y-websocket
 * provider over the end-to-end encrypted relay (board/relaySocket.ts). Destroy it to stop
 * syncing; a new one starts from what the relay has.
 */
export class BoardLink {
  readonly doc = new Y.Doc();
  /** The stock provider; tests watch its awareness and sync like the page does. */
  readonly provider: WebsocketProvider;

  /** The room as the relay socket reads it, made once per state (it asks for every frame). */
  #roomOf: { state: RoomState; room: RelayRoom } | null = null;

  /** The relay socket whose board is live, told when the roster changes. */
  #socket: RelaySocket | null = null;

  constructor(options: LinkOptions, events: LinkEvents) {
    const WebSocketPolyfill = relaySocketClass({
      roomId: options.roomId,
      me: options.memberId,
      keys: options.keys,
      wire: socketWire(options.socket),
      clientId: () => this.doc.clientID,
      doc: () => this.doc,
      room: () => this.#room(options.state()),
      refused: (from) => events.refused(from),
      awaitingKey: (waiting) => events.awaitingKey(waiting),
      attach: (socket) => {
        this.#socket = socket;
      },
      heldKeys: new Map(),
    });
    // The stock provider, over a socket that speaks the encrypted relay on the member's own
    // connection: its sync, awareness and reconnects are y-websocket's. No URL is ever opened.
    this.provider = new WebsocketProvider('ws://holdspace.invalid', 'board', this.doc, {
      WebSocketPolyfill: WebSocketPolyfill as unknown as typeof WebSocket,
      disableBc: true,
    });
    const provider = this.provider;
    provider.awareness.setLocalState({ memberId: options.memberId, editing: null });

    this.doc.on('update', () => events.entries(readEntries(this.doc)));
    provider.on('status', ({ status }) => events.status(status, provider.synced));
    provider.on('sync', (synced: boolean) => {
      events.status(provider.wsconnected ? 'connected' : 'disconnected', synced);
      if (synced) events.entries(readEntries(this.doc));
    });
    provider.on('closed', ({ code }) => events.closed(code));
    provider.awareness.on('change', () => {
      const peers: PeerState[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        if (clientId === this.doc.clientID) return;
        const peer = toPeer(state);
        if (peer) peers.push(peer);
      });
      events.peers(peers);
    });
  }

  entries(): Map<string, BoardEntry> {
    return readEntries(this.doc);
  }

  #room(state: RoomState | null): RelayRoom | null {
    if (!state) return null;
    if (this.#roomOf?.state !== state) this.#roomOf = { state, room: relayRoom(state) };
    return this.#roomOf.room;
  }

  /** The board key of the live relay socket, once this device holds it: private answers are sealed with it. */
  boardKey(): EpochKey | null {
    return this.#socket?.boardKey ?? null;
  }

  /** The room changed: rows for newcomers, and what the relay asked that this device can now do. */
  roomChanged(): void {
    this.#socket?.roomChanged();
  }

  /** Tells the others which field this device is typing in (null when none). */
  setEditing(editing: Editing | null): void {
    this.provider.awareness.setLocalStateField('editing', editing);
  }

  setStatus(memberId: string, status: CommitmentStatus): void {
    setStatus(this.doc, memberId, status);
  }

  /**
   * Keeps a text field and its Y.Text in step without clobbering anyone [BD3]: a local edit is
   * sent as the smallest delete + insert, in one transaction; a remote edit updates the field and
   * moves the caret with the text around it. While an input method is composing, remote edits
   * wait until the composition ends so the composition is not broken. A field typed into while the
   * board reconnected (`typedMeanwhile`) keeps what was typed: it goes to the board as this
   * writer's edit. Returns the unbinding.
   */
  bindField(
    el: HTMLInputElement | HTMLTextAreaElement,
    memberId: string,
    field: TextField,
    typedMeanwhile = false,
  ): () => void {
    const text = rowText(this.doc, memberId, field);
    if (!text) return () => {};
    const origin = {};
    let composing = false;
    // Remote changes not yet shown in the field (only while composing), and the field's value
    // when it last matched the Y.Text.
    let pending: DeltaOp[][] = [];
    let shown = text.toString();

    const apply = (index: number, remove: number, insert: string) => {
      this.doc.transact(() => {
        if (remove > 0) text.delete(index, remove);
        if (insert.length > 0) text.insert(index, insert);
      }, origin);
    };

    const typed = typedMeanwhile ? diffText(shown, el.value) : null;
    if (typed) apply(typed.index, typed.remove, typed.insert);
    else el.value = shown;
    shown = text.toString();

    const onInput = () => {
      if (pending.length > 0) return; // merged when the composition ends
      const change = diffText(text.toString(), el.value);
      if (change) apply(change.index, change.remove, change.insert);
      shown = el.value;
    };

    const showRemote = (delta: DeltaOp[][]) => {
      const value = text.toString();
      if (el.value !== value) {
        const focused = document.activeElement === el;
        const start = el.selectionStart ?? 0;
        const end = el.selectionEnd ?? start;
        const direction = el.selectionDirection ?? 'none';
        el.value = value;
        if (focused) {
          const move = (p: number) => delta.reduce((at, d) => shiftPosition(at, d), p);
          el.setSelectionRange(move(start), move(end), direction);
        }
      }
      shown = value;
    };

    const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === origin) return;
      const delta = event.delta as DeltaOp[];
      if (composing) pending.push(delta);
      else showRemote([delta]);
    };

    const onCompositionStart = () => {
      composing = true;
    };
    const onCompositionEnd = () => {
      composing = false;
      if (pending.length === 0) {
        onInput();
        return;
      }
      // Someone else changed this field while this device was composing: apply what was typed
      // here at the place it now has in the shared text, then show the merged result.
      const change = diffText(shown, el.value);
      const deltas = pending;
      pending = [];
      const move = (p: number) => deltas.reduce((at, d) => shiftPosition(at, d), p);
      let caret = el.selectionEnd ?? el.value.length;
      if (change) {
        const from = move(change.index);
        const to = Math.max(from, move(change.index + change.remove));
        apply(from, to - from, change.insert);
        caret = from + change.insert.length;
      }
      el.value = shown = text.toString();
      if (document.activeElement === el) el.setSelectionRange(caret, caret);
    };

    text.observe(observer);
    el.addEventListener('input', onInput);
    el.addEventListener('compositionstart', onCompositionStart);
    el.addEventListener('compositionend', onCompositionEnd);
    return () => {
      text.unobserve(observer);
      el.removeEventListener('input', onInput);
      el.removeEventListener('compositionstart', onCompositionStart);
      el.removeEventListener('compositionend', onCompositionEnd);
    };
  }

  /**
   * Fills empty "last time" fields from last session's export [BD5], matched by name the way the
   * room compares names, one small transaction per row so no update comes near the server's size
   * limit. No status is touched.
   */
  fillLastTime(rows: readonly BoardRow[], imported: ImportedBoard): ReturnType<typeof planImport> {
    const plan = planImport(rows, imported.rows, imported.sameName);
    for (const fill of plan.fill) replaceText(this.doc, fill.memberId, 'lastCommitment', fill.lastCommitment);
    return plan;
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** Saves the board's files on this device, no server involved: JSON, Markdown, or both [BD5]. */
export function downloadBoard(
  which: 'both' | 'json' | 'markdown',
  rows: readonly BoardRow[],
  purpose: string,
  at: Date,
): void {
  const files = boardFiles(rows, purpose, at);
  const base = `holdspace-board-${fileDate(at)}`;
  if (which !== 'markdown') downloadText(`${base}.json`, files.json, 'application/json');
  if (which !== 'json') downloadText(`${base}.md`, files.markdown, 'text/markdown');
}

/** The export files of a board: JSON to import next time, Markdown to read [BD5]. */
export function boardFiles(rows: readonly BoardRow[], purpose: string, at: Date): { json: string; markdown: string } {
  const data = toExport(rows, purpose, at);
  return { json: `${JSON.stringify(data, null, 2)}\n`, markdown: toMarkdown(data) };
}
