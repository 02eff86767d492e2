import { packSealed, unpackFrames } from '../../../../shared/src/protocol/boardPacking.ts';
import type {
  BoardNeeds,
  BoardOpenedWire,
  RelayedFrame,
  SealedKey,
} from '../../../../shared/src/protocol/boardRelay.ts';
import type { BoardWire, WireAck } from './wire.ts';

/** What the board needs of a socket.io-client socket: the page's and a test's alike. */
export interface EventSocket {
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}

const ACK_TIMEOUT_MS = 8_000;

/** Binary arrives as an ArrayBuffer in a browser and a Buffer in Node: one shape for the link. */
const bytes = (data: ArrayBuffer | Uint8Array): Uint8Array => new Uint8Array(data);

function relayed(frame: RelayedFrame): RelayedFrame {
  return { from: frame.from, pos: frame.pos, frame: bytes(frame.frame) };
}

function sealedKey(key: SealedKey): SealedKey {
  return { from: key.from, epoch: key.epoch, sealed: bytes(key.sealed), signature: bytes(key.signature) };
}

/** The board over the member's Socket.IO connection (`board:*` events). */
export function socketWire(socket: EventSocket): BoardWire {
  const ask = <T extends object>(event: string, payload: unknown) =>
    socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload) as Promise<WireAck<T>>;
  return {
    async open() {
      const reply = await ask<BoardOpenedWire>('board:open', {});
      if (!reply.ok) return reply;
      const [snapshot, tail, awareness] = [reply.snapshot, reply.tail, reply.awareness].map(unpackFrames);
      if (!snapshot || !tail || !awareness)
        return { ok: false, code: 'BAD_INPUT', message: 'A board it could not read.' };
      return { ...reply, snapshot, tail, awareness, key: reply.key ? sealedKey(reply.key) : null };
    },
    send(frame) {
      socket.emit('board:frame', frame);
    },
    seal: (request) => ask('board:seal', request),
    rekey: ({ epoch, keys }) =>
      ask('board:rekey', {
        epoch,
        to: keys.map((k) => k.to),
        keys: packSealed(keys),
      }),
    listen(listener) {
      const handlers: [string, (...args: never[]) => void][] = [
        ['board:frame', (frame: RelayedFrame) => listener.frame(relayed(frame))],
        ['board:key', (key: SealedKey) => listener.key(sealedKey(key))],
        ['board:epoch', (change: { epoch: number; from: string }) => listener.epoch(change)],
        ['board:needs', (needs: BoardNeeds) => listener.needs(needs)],
        ['board:closed', ({ code }: { code: number }) => listener.closed(code)],
        ['disconnect', () => listener.dropped()],
      ];
      for (const [event, handler] of handlers) socket.on(event, handler);
      return () => {
        for (const [event, handler] of handlers) socket.off(event, handler);
      };
    },
  };
}
