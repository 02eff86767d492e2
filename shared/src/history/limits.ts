// The history file's bounds, apart from its schema so a page can check a file's size without zod.

export const HISTORY_LIMITS = {
  /** A history file, as JSON text in UTF-8 bytes: a hostile file must not freeze a phone. */
  maxBytes: 2 * 1024 * 1024,
  maxSessions: 200,
  maxAttendees: 50,
  maxAggregates: 24,
  maxAliases: 200,
  maxCommitmentLength: 2_000,
  maxAgendaLength: 80,
  maxQuestionLength: 200,
  maxPurposeLength: 280,
} as const;

/** Shortest passphrase a device seals a history file with [HF3]. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Why a passphrase will not do for sealing a history file, or null when it will. */
export function passphraseProblem(passphrase: string): string | null {
  return passphrase.trim().length < MIN_PASSPHRASE_LENGTH
    ? `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters that the group shares: the file is sealed with it.`
    : null;
}
