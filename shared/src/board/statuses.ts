// How a commitment went, in a file of its own: the history file reads it without loading Yjs.

/** How last time's commitment went, as the member reports it [BD2]. */
export const commitmentStatuses = ['not-reported', 'kept', 'half-kept', 'failed'] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];

export const statusLabels: Record<CommitmentStatus, string> = {
  'not-reported': 'Not reported',
  kept: 'Kept',
  'half-kept': 'Half-kept',
  failed: 'Failed',
};
