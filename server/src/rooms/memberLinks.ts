import type { AnsweredRound } from '../../../shared/src/protocol/answers.ts';
import type { SharedHistory } from '../../../shared/src/protocol/history.ts';
import type { StateSeal } from '../../../shared/src/protocol/resume.ts';
import type { PrivateView, Snapshot } from '../../../shared/src/protocol/socket.ts';

/** What the room host sends one member's device alone: never a broadcast. */
export type MemberMessage =
  | { kind: 'snapshot'; snapshot: Snapshot }
  | { kind: 'private'; view: PrivateView }
  /** Rounds of private answers every respondent has sent, sealed: the same for every member [PA1]. */
  | { kind: 'answers'; rounds: AnsweredRound[] }
  /** The group's history a writer shared, sealed: the same for every member [HF9]. */
  | { kind: 'history'; shared: SharedHistory }
  /** A new seal over the same state: the board's key epoch changed. */
  | { kind: 'seal'; seal: StateSeal };

/**
 * One device of a member as the room host sees it: what only this member may be sent, and how to
 * let it go. The Socket.IO glue is one (realtime/attendRoom.ts); a test's in-memory device is
 * another, so the host is tested without sockets.
 */
export interface MemberLink {
  send(message: MemberMessage): void;
  /** Let go: the member was removed [RM7], or opened one device more than a member may [RC5]. */
  close(reason: 'removed' | 'superseded'): void;
}

/**
 * The devices each member has connected, oldest first. A member holds a few at once (a phone, a
 * laptop, a tab or two); each one more beyond lets the oldest go, most likely a dead one [RC5].
 */
export class MemberLinks {
  readonly #byMember = new Map<string, Set<MemberLink>>();
  #total = 0;

  constructor(private readonly perMember: number) {}

  /** Devices connected across the room. */
  get total(): number {
    return this.#total;
  }

  /** Adds a device; returns how many the member now has, after letting the oldest over the cap go. */
  add(memberId: string, link: MemberLink): number {
    let links = this.#byMember.get(memberId);
    if (!links) {
      links = new Set();
      this.#byMember.set(memberId, links);
    }
    if (links.has(link)) return links.size;
    links.add(link);
    this.#total += 1;
    for (const oldest of links) {
      if (links.size <= this.perMember) break;
      this.remove(memberId, oldest);
      oldest.close('superseded');
    }
    return links.size;
  }

  /** Removes a device; returns how many the member has left, or null if it was not theirs. */
  remove(memberId: string, link: MemberLink): number | null {
    const links = this.#byMember.get(memberId);
    if (!links?.delete(link)) return null;
    this.#total -= 1;
    if (links.size === 0) this.#byMember.delete(memberId);
    return links.size;
  }

  /** Devices `memberId` has connected. */
  count(memberId: string): number {
    return this.#byMember.get(memberId)?.size ?? 0;
  }

  send(memberId: string, message: MemberMessage): void {
    for (const link of this.#byMember.get(memberId) ?? []) link.send(message);
  }

  /** To every connected device of every member. */
  sendAll(message: MemberMessage): void {
    for (const links of this.#byMember.values()) for (const link of links) link.send(message);
  }

  /** Closes every device of a member and forgets them. */
  closeAll(memberId: string, reason: 'removed' | 'superseded'): void {
    const links = [...(this.#byMember.get(memberId) ?? [])];
    for (const link of links) this.remove(memberId, link);
    for (const link of links) link.close(reason);
  }

  clear(): void {
    this.#byMember.clear();
    this.#total = 0;
  }
}
