import type { ResumeRequest, StateSeal } from '../../../shared/src/protocol/resume.ts';
import type { ReplicaView } from '../../../shared/src/sync/replica.ts';
import { genesisOf } from './genesis.ts';

/** Times a member's device asks again, 5 s apart, for a room no process has brought back yet. */
const MISSING_TRIES = 12;
/** Seals kept, newest versions: the replica may be a version or two behind the last event. */
const SEALS_KEPT = 8;

/**
 * What this device keeps so that its room can move to another process, in memory only [RS1]: the
 * seals the server sent over the last few versions, which life of the room on a process it last
 * saw, and how often it has asked again for a room no process holds.
 */
export class RoomMoves {
  readonly #seals = new Map<number, StateSeal>();
  #incarnation: string | null = null;
  #missingTries = 0;

  constructor(private readonly roomId: string) {}

  keep(seal: StateSeal): void {
    this.#seals.set(seal.version, seal);
    for (const version of this.#seals.keys()) {
      if (this.#seals.size > SEALS_KEPT && version !== seal.version) this.#seals.delete(version);
    }
  }

  /** A snapshot from this life of the room arrived: whether the room moved since the last one. */
  arrived(incarnation: string): boolean {
    const moved = this.#incarnation !== null && this.#incarnation !== incarnation;
    this.#incarnation = incarnation;
    this.#missingTries = 0;
    return moved;
  }

  /** No process has the room yet: whether to ask again (true) or say it is gone. */
  askAgain(): boolean {
    if (this.#missingTries >= MISSING_TRIES) return false;
    this.#missingTries += 1;
    return true;
  }

  /**
   * What to offer a process that does not know the room: the room as this device holds it,
   * sealed, signed as the member it is; or, before the creator has joined, the room's first state
   * from its creation. Null when this device has nothing to offer and waits for the others.
   */
  async offer(challenge: string, view: ReplicaView | null, secret: string | undefined): Promise<ResumeRequest | null> {
    const seal = view && this.#seals.get(view.state.version);
    if (view && seal) {
      const { resumeRequest } = await import('./resumeOffer.ts');
      return resumeRequest(this.roomId, challenge, view.you, { state: view.state, seal });
    }
    const genesis = genesisOf(this.roomId);
    if (!genesis || !secret) return null;
    return {
      memberId: null,
      sealed: { state: genesis.state as unknown as Record<string, unknown>, seal: genesis.seal },
    };
  }

  /** Proof that this device is `memberId`, for a process that knows the room but not this device. */
  async proof(challenge: string, memberId: string): Promise<ResumeRequest> {
    const { resumeRequest } = await import('./resumeOffer.ts');
    return resumeRequest(this.roomId, challenge, memberId);
  }
}
