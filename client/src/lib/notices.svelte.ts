import type { ReplicaView } from '../../../shared/src/sync/replica.ts';

/** Says when a notice's cause has passed, judged on the room as it is now. */
export type NoticeGone = (view: ReplicaView) => boolean;

/**
 * What the page tells this person besides the room itself: one polite notice at a time (a refused
 * command, a role given, a token granted) that clears itself once its cause has passed [UX3], and
 * milestones for screen readers.
 */
export class Notices {
  notice: { id: number; text: string } | null = $state.raw(null);
  announcement: { id: number; text: string } | null = $state.raw(null);
  #gone: NoticeGone | null = null;
  #counter = 0;

  /** Shows a notice; `gone` says when its cause has passed, so that it clears itself then. */
  say(text: string, gone: NoticeGone | null = null): void {
    this.#gone = gone;
    this.notice = { id: ++this.#counter, text };
  }

  dismiss(): void {
    this.#gone = null;
    this.notice = null;
  }

  /** Forgets everything said: the room is over for this page. */
  clear(): void {
    this.dismiss();
    this.announcement = null;
  }

  announce(text: string): void {
    this.announcement = { id: ++this.#counter, text };
  }

  /** The room changed: a notice whose cause has passed goes. */
  follow(view: ReplicaView): void {
    if (this.#gone?.(view)) this.dismiss();
  }
}
