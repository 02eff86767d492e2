/** Every reason the room can refuse something, shared by server and client. */
export const refusalCodes = [
  'BAD_INPUT',
  'NOT_A_MEMBER',
  'NOT_FACILITATOR',
  'NOT_YOUR_TURN',
  'NOT_ALLOWED',
  'WRONG_PHASE',
  'ROOM_FULL',
  'ROOM_ENDED',
  'ROOM_NOT_FOUND',
  'ROOM_LOCKED',
  'NO_TOKENS',
  'UNKNOWN_MEMBER',
  'RATE_LIMITED',
] as const;
export type RefusalCode = (typeof refusalCodes)[number];

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export function refuse(code: RefusalCode, message: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { code, message } };
}
