import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { MemberKeyPairs } from '../../shared/src/crypto/memberKeys.ts';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import type { EventSocket } from '../../client/src/lib/board/socketWire.ts';
import { BoardLink } from '../../client/src/lib/boardLink.ts';
import type { TestMember } from './member.ts';

/**
 * A member's board as the page runs it, in Node: the page's own link (the stock y-websocket
 * provider over the encrypted relay socket) on the member's real Socket.IO connection, with the
 * page's answer to a new epoch (start again with a fresh document). `doc` and `provider` are the
 * current link's.
 */
export class BoardDevice {
  #link: BoardLink;
  /** Close codes the relay sent, in order. */
  readonly closes: number[] = [];
  /** Member ids whose frames this device refused. */
  readonly refused: string[] = [];
  /** How many times the board started again (a new epoch, or a rebuild). */
  restarts = 0;
  /** Whether this device waits for the board key to be sealed to it. */
  awaitingKey = false;
  readonly #stopWatching: () => void;
  #waiters = new Set<() => void>();

  constructor(
    readonly member: TestMember,
    private readonly keys: MemberKeyPairs,
  ) {
    this.#link = this.#connect();
    this.#stopWatching = member.watch(() => this.#link.roomChanged());
  }

  get doc(): Y.Doc {
    return this.#link.doc;
  }

  get provider(): WebsocketProvider {
    return this.#link.provider;
  }

  get link(): BoardLink {
    return this.#link;
  }

  /** Resolves with the next close code the relay sends this device. */
  nextClose(ms = 5_000): Promise<number> {
    const seen = this.closes.length;
    return this.#until(() => this.closes.length > seen, 'a close', ms).then(() => this.closes[seen]!);
  }

  /** Resolves once the current link has synced with the relay. */
  synced(ms = 5_000): Promise<void> {
    return this.#until(() => this.provider.synced, 'the board synced', ms);
  }

  destroy(): void {
    this.#stopWatching();
    this.#link.destroy();
  }

  #connect(): BoardLink {
    const { member } = this;
    const link: BoardLink = new BoardLink(
      {
        roomId: member.roomId,
        memberId: member.id,
        keys: this.keys,
        socket: member.socket as unknown as EventSocket,
        state: () => member.state,
      },
      {
        entries: () => this.#wake(),
        status: () => this.#wake(),
        closed: (code) => {
          this.closes.push(code);
          if (code === BoardClose.reset && link === this.#link) {
            link.destroy();
            this.restarts += 1;
            this.#link = this.#connect();
          }
          this.#wake();
        },
        peers: () => this.#wake(),
        refused: (from) => {
          this.refused.push(from);
          this.#wake();
        },
        awaitingKey: (waiting) => {
          this.awaitingKey = waiting;
          this.#wake();
        },
      },
    );
    link.provider.on('sync', () => this.#wake());
    return link;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  #until(test: () => boolean, what: string, ms: number): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      this.#waiters.add(check);
    });
  }
}
