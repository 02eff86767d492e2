import type * as Y from 'yjs';
import type { EventSocket } from '../../client/src/lib/board/socketWire.ts';
import { BoardLink } from '../../client/src/lib/boardLink.ts';
import type { MemberKeyPairs } from '../../shared/src/crypto/memberKeys.ts';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import type { RoomState } from '../../shared/src/room/state.ts';

/** What a member's board needs of its device: as the page gives it to BoardLink. */
export interface BoardOwner {
  roomId: string;
  memberId: string;
  /** The member keys the device joined with: they sign its frames and open its sealed board key. */
  keys: MemberKeyPairs;
  /** The member's Socket.IO connection: the board travels on it. */
  socket: EventSocket;
  /** The room as the device's replica has it now. */
  state(): RoomState | null;
}

/**
 * A member's end-to-end encrypted board as the page runs it, in a load generator: the page's own
 * link (the stock y-websocket provider over the encrypted relay, on the member's connection), with
 * the page's answer to a new key epoch (start again with a fresh document). `doc` is the current
 * link's; it changes only when the board starts again.
 */
export class MemberBoard {
  #link: BoardLink;
  #closed: number | null = null;
  readonly #waiters = new Set<() => void>();

  constructor(private readonly owner: BoardOwner) {
    this.#link = this.#connect();
  }

  get doc(): Y.Doc {
    return this.#link.doc;
  }

  /** The roster changed (the device's replica says so): rows for newcomers. */
  roomChanged(): void {
    this.#link.roomChanged();
  }

  /** Resolves once the current link has synced with the relay; fails on a close for good or after `ms`. */
  synced(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.#closed !== null) finish(new Error(`the board closed with ${this.#closed}`));
        else if (this.#link.provider.synced) finish();
      };
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error('the board did not sync in time')), ms);
      this.#waiters.add(check);
      check();
    });
  }

  destroy(): void {
    this.#waiters.clear();
    this.#link.destroy();
  }

  #connect(): BoardLink {
    const { owner } = this;
    const wake = () => {
      for (const waiter of [...this.#waiters]) waiter();
    };
    const link: BoardLink = new BoardLink(
      { roomId: owner.roomId, memberId: owner.memberId, keys: owner.keys, socket: owner.socket, state: owner.state },
      {
        entries: wake,
        status: wake,
        awaitingKey: wake,
        closed: (code) => {
          if (link !== this.#link) return;
          if (code === BoardClose.reset) {
            // A new key epoch: the page starts the board again, and so does this device.
            link.destroy();
            this.#link = this.#connect();
          } else if (code >= 4400 && code < 4500) {
            this.#closed = code;
          }
          wake();
        },
        peers: () => {},
        refused: () => {},
      },
    );
    link.provider.on('sync', wake);
    return link;
  }
}
