import { z } from 'zod';
import { refusalCodes } from '../room/refusal.ts';

export const RefusalCode = z.enum(refusalCodes);
