import { randomBytes } from 'node:crypto';

/** A string that occurs nowhere unless this run put it there: 64 random bits. */
export const canary = (): string => `canary-${randomBytes(8).toString('hex')}`;

/** What a person gives the room, each kind its own canary, so a failure names what leaked. */
export type Canaries = {
  purpose: string;
  facilitatorName: string;
  scribeName: string;
  memberName: string;
  stalledReaderName: string;
  /** Someone who knocked and was declined. */
  declinedName: string;
  boardCommitment: string;
  boardLastCommitment: string;
  boardNote: string;
  /** A name the room's rules refuse (over 40 characters). */
  tooLongName: string;
  /** A name the schema refuses (over 200 characters). */
  oversizedName: string;
  /** A command with an extra field: the canary is both its key and its value. */
  unknownField: string;
  /** Garbage bytes sent to the board as a frame. */
  boardGarbage: string;
  /** The group's own support resource: its name, and the host of its link [SF2]. */
  resourceName: string;
  resourceContact: string;
  /** The guide's words as the group edited them: the facilitator's, and the members' prompt [GD1]. */
  agendaSay: string;
  agendaPrompt: string;
  /** A poll's words: sealed on the facilitator's device, so the server never holds them [PA1]. */
  pollWords: string;
};

export type CanaryKind = keyof Canaries;

/** What is written on the board: end-to-end encrypted, the server never holds it, even while live. */
export const boardWords: readonly CanaryKind[] = ['boardCommitment', 'boardLastCommitment', 'boardNote'];

/** Words sealed with the board key outside the board itself: a poll's question [PA1]. */
export const sealedWords: readonly CanaryKind[] = ['pollWords'];

/** The kinds the room holds while it lives: a heap snapshot then must see them. */
export const heldWhileLive: readonly CanaryKind[] = [
  'purpose',
  'facilitatorName',
  'scribeName',
  'memberName',
  'stalledReaderName',
  'resourceName',
  'resourceContact',
  'agendaSay',
  'agendaPrompt',
];

export function makeCanaries(): Canaries {
  return {
    purpose: canary(),
    facilitatorName: canary(),
    scribeName: canary(),
    memberName: canary(),
    stalledReaderName: canary(),
    declinedName: canary(),
    boardCommitment: canary(),
    boardLastCommitment: canary(),
    boardNote: canary(),
    tooLongName: canary(),
    oversizedName: canary(),
    unknownField: canary(),
    boardGarbage: canary(),
    resourceName: canary(),
    resourceContact: canary(),
    agendaSay: canary(),
    agendaPrompt: canary(),
    pollWords: canary(),
  };
}

/** The names (keys) of every needle that occurs in `text`. */
export function foundIn(text: string, needles: Record<string, string>): string[] {
  return Object.entries(needles)
    .filter(([, needle]) => text.includes(needle))
    .map(([name]) => name);
}
