import type { BoardRow } from '../../../../shared/src/board/rules.ts';
import type { HistoryFile } from '../../../../shared/src/history/historyFile.ts';
import { HISTORY_LIMITS } from '../../../../shared/src/history/limits.ts';
import type { ShownAnswer } from '../../../../shared/src/history/roomRecord.ts';
import type { SharedHistory } from '../../../../shared/src/protocol/history.ts';
import type { RoomState } from '../../../../shared/src/room/state.ts';
import type { EpochKey } from '../board/keyring.ts';
import { downloadText, fileDate } from '../download.ts';

type Work = typeof import('./historyWork.ts');

export type HistoryImport =
  | {
      ok: true;
      sessions: number;
      from: 'history' | 'board-export';
      filled: string;
      shared: boolean;
    }
  | { ok: false; message: string };

export interface HistoryDeps {
  roomId: string;
  boardKey(): EpochKey | null;
  share(epoch: number, sealed: string): Promise<boolean>;
  /** Fills "last time" on the board from last session's commitments; the outcome's words. */
  fillLastTime(
    rows: { name: string; commitment: string }[],
    sameName: (a: string, b: string) => boolean,
  ): Promise<string>;
}

/**
 * The group's history on this device [HF1–HF9]: imported here from a file (opened with the group's
 * passphrase), or shared by a writer's device through the room, sealed with the board key. From it
 * the page shows the patterns, fills "last time", and at the end saves the updated file, sealed by
 * default, and the next dates as a calendar file. Nothing of it is stored on the device.
 */
export class HistoryDesk {
  /** The history as this device holds it; null until imported here or shared by the room. */
  history: HistoryFile | null = $state.raw(null);
  /** Names in last session's record no one here has, for a writer to match by hand. */
  unmatched: string[] = $state.raw([]);
  /**
   * The passphrase as typed, and what the last import or save said: kept here, in this page's
   * memory only, so that the board moving into the "now" panel or a tab switch loses neither.
   */
  passphrase = $state('');
  status: { text: string; failed: boolean } = $state.raw({ text: '', failed: false });
  /** Whether this device brought the history in (it keeps the whole file, and shares it again after a rekey). */
  #mine = false;
  #sharedEpoch = 0;
  #pending: SharedHistory | null = null;
  #work: Promise<Work> | null = null;
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: HistoryDeps) {}

  load(): Promise<Work> {
    this.#work ??= import('./historyWork.ts');
    this.#work.catch(() => {
      this.#work = null;
    });
    return this.#work;
  }

  /** A file chosen on this device: opened, "last time" filled, and shared with the room [HF2, HF3]. */
  async importFile(file: File, passphrase: string, present: readonly string[]): Promise<HistoryImport> {
    // Checked before reading: a large file chosen by mistake must not take a phone's tab down.
    if (file.size > HISTORY_LIMITS.maxBytes) {
      return { ok: false, message: 'This file is too big to be a Holdspace history (over 2 MB). Nothing was changed.' };
    }
    const work = await this.load();
    const opened = await work.openHistory(await file.text(), passphrase);
    if (!opened.ok) return { ok: false, message: opened.message };
    this.history = opened.history;
    this.#mine = true;
    const last = work.lastCommitments(opened.history);
    const filled = await this.deps.fillLastTime(last.rows, last.sameName);
    this.unmatched = work.unmatchedNames(opened.history, present);
    return {
      ok: true,
      sessions: opened.history.sessions.length,
      from: opened.from,
      filled,
      shared: await this.#share(),
    };
  }

  /** The scribe says who a name from last time is now: remembered in the file, and "last time" filled [HF6]. */
  async match(from: string, to: string, present: readonly string[]): Promise<string> {
    const history = this.history;
    if (!history) return '';
    const work = await this.load();
    this.history = work.withAlias(history, from, to);
    this.unmatched = work.unmatchedNames(this.history, present);
    const last = work.lastCommitments(this.history);
    const filled = await this.deps.fillLastTime(last.rows, last.sameName);
    await this.#share();
    return filled;
  }

  /** The room's sealed copy, from a writer's device; opened once this device holds the board key. */
  take(shared: SharedHistory): void {
    this.#pending = shared;
    this.follow();
  }

  /** The room's members changed: names from last time are matched against everyone in the room. */
  async rematch(members: readonly string[]): Promise<void> {
    const history = this.history;
    if (!history || !this.#mine) return;
    this.unmatched = (await this.load()).unmatchedNames(history, members);
  }

  /** The room moved to another process, which never had the history this device shared: share it again. */
  roomMoved(): void {
    this.#sharedEpoch = 0;
    this.follow();
  }

  /** The board key came or changed: open what waits for it, and share again under a new epoch. */
  follow(): void {
    this.#queue = this.#queue.then(() => this.#settle()).catch(() => {});
  }

  async #settle(): Promise<void> {
    const key = this.deps.boardKey();
    if (!key) return;
    const pending = this.#pending;
    if (pending && pending.epoch === key.epoch && !this.#mine) {
      this.#pending = null;
      const opened = await (await this.load()).openFromRoom(key.key, this.deps.roomId, pending);
      if (opened) this.history = opened;
    }
    // Not shared yet (no key then, offline, refused), or shared under a key a rekey replaced.
    if (this.#mine && this.#sharedEpoch < key.epoch) await this.#share();
  }

  /** Shares the history with the room under the current board key; whether the server took it. */
  async #share(): Promise<boolean> {
    const key = this.deps.boardKey();
    const history = this.history;
    if (!key || !history) return false;
    const sealed = await (await this.load()).sealForRoom(key.key, key.epoch, this.deps.roomId, history);
    if (!sealed || !(await this.deps.share(key.epoch, sealed.sealed))) return false;
    this.#sharedEpoch = key.epoch;
    return true;
  }

  /** The history with this session in it, as this device saw the room. */
  async updated(state: RoomState, rows: readonly BoardRow[], shown: readonly ShownAnswer[]): Promise<HistoryFile> {
    return (await this.load()).updatedHistory(this.history, state, rows, shown, Date.now());
  }

  /** Saves the updated history sealed with the group's passphrase: the default, and safe on a shared PC [HF3, HF5]. */
  async saveSealed(updated: HistoryFile, passphrase: string): Promise<void> {
    const text = await (await this.load()).sealedFile(updated, passphrase);
    downloadText(`holdspace-history-${fileDate(new Date())}.json`, text, 'application/json');
  }

  /** A plain Markdown copy, readable by anyone who opens it: only when asked for [HF8]. */
  async saveMarkdown(updated: HistoryFile): Promise<void> {
    const text = (await this.load()).markdownFile(updated);
    downloadText(`holdspace-history-${fileDate(new Date())}.md`, text, 'text/markdown');
  }

  /** The next three sessions as a calendar file, made here [HF7]. */
  async saveCalendar(state: RoomState): Promise<void> {
    const text = (await this.load()).calendarFile(state, state.startedAt ?? state.createdAt, Date.now());
    downloadText('holdspace-next-sessions.ics', text, 'text/calendar');
  }

  /** The room is over for this device, removed: nothing of the group's history stays. */
  forget(): void {
    this.history = null;
    this.unmatched = [];
    this.passphrase = '';
    this.status = { text: '', failed: false };
    this.#pending = null;
    this.#mine = false;
  }
}
