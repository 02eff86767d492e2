import type { BoardNeeds, BoardOpened, RelayedFrame, SealedKey } from '../../../../shared/src/protocol/boardRelay.ts';

/**
 * The board's side of the member's Socket.IO connection, as the page's link needs it: open a
 * subscription, send frames, seal and rekey, and hear what the relay sends. An interface, so the
 * link runs the same over a page's socket and a test's.
 */
export interface SealRequest {
  to: string;
  epoch: number;
  sealed: Uint8Array;
  signature: Uint8Array;
}

export type WireAck<T extends object = object> = ({ ok: true } & T) | { ok: false; code: string; message: string };

export interface WireListener {
  frame(relayed: RelayedFrame): void;
  key(key: SealedKey): void;
  epoch(change: { epoch: number; from: string }): void;
  needs(needs: BoardNeeds): void;
  closed(code: number): void;
  /** The connection under the board dropped: the subscription went with it. */
  dropped(): void;
}

export interface BoardWire {
  open(): Promise<WireAck<BoardOpened>>;
  send(frame: Uint8Array): void;
  seal(request: SealRequest): Promise<WireAck>;
  rekey(request: { epoch: number; keys: Omit<SealRequest, 'epoch'>[] }): Promise<WireAck>;
  /** Starts hearing the relay; returns the stop. */
  listen(listener: WireListener): () => void;
}
