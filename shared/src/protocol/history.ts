/**
 * The group's history as the room shares it: gzip-compressed JSON sealed with the board key on the
 * device of the writer who imported it [HF9]. The server keeps the latest one for devices that
 * connect later and cannot read it; it goes with the room.
 */
export interface SharedHistory {
  from: string;
  epoch: number;
  sealed: string;
}

/** Largest sealed history a room shares, in base64url characters: under Socket.IO's 64 KiB message. */
export const SHARED_HISTORY_MAX_CHARS = 60_000;
