import { z } from 'zod';
import { commitmentStatuses } from '../board/model.ts';

const text = z.string().max(2_000);

/** Last time's export, read back on this device to fill the "last time" column [BD5]. */
export const BoardImport = z.object({
  format: z.literal('holdspace-board'),
  version: z.literal(1),
  rows: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        commitment: text,
        lastCommitment: text.optional(),
        lastStatus: z.enum(commitmentStatuses).optional(),
        note: text.optional(),
      }),
    )
    .max(50),
});
export type BoardImport = z.infer<typeof BoardImport>;
