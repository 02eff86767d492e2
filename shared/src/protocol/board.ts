import { z } from 'zod';
import { commitmentStatuses } from '../board/model.ts';
import { BOARD_TEXT_MAX } from '../board/rules.ts';

const text = z.string().max(BOARD_TEXT_MAX);

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
