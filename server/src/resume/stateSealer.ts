import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { StateSeal } from '../../../shared/src/protocol/resume.ts';
import type { RoomState } from '../../../shared/src/room/state.ts';
import type { SealKeys } from './sealKeys.ts';

/** What a seal binds beside the state itself. */
export interface SealContext {
  roomId: string;
  generation: number;
  epoch: number;
  /** The hash of the creator's secret, while the creator has not joined. */
  creator?: string | undefined;
  /** A removal's new board key is still to be made. */
  rekey?: boolean | undefined;
}

/** The hash a seal carries for the creator's secret: enough to recognise it, never to recover it. */
export function creatorHashOf(secret: string): string {
  return createHash('sha256').update(`holdspace-creator-v1\n${secret}`).digest('base64url');
}

/**
 * The state's JSON as both sides write it. A device's replica is the server's state as JSON
 * carried it, then changed by the same reducer, so its keys come in the same order: plain
 * JSON.stringify gives the same text, at a fifth of the cost of sorting every object's keys
 * (bench/sealCost.ts). Null for what cannot be written (a hostile nest too deep for the stack).
 */
function jsonOf(state: unknown): string | null {
  try {
    return JSON.stringify(state) ?? null;
  } catch {
    return null;
  }
}

/**
 * The shape of RoomState that this code runs. Raise it with any change to the state that code
 * before it could not run: a rolling deploy then refuses, rather than adopts, a state sealed by
 * the other version.
 */
const STATE_FORMAT = 1;

function macOf(key: Buffer, context: SealContext, version: number, json: string): Buffer {
  const { roomId, generation, epoch, creator, rekey } = context;
  return createHmac('sha256', key)
    .update(
      `holdspace-seal-v1\n${STATE_FORMAT}\n${roomId}\n${version}\n${generation}\n${epoch}\n${creator ?? ''}\n${rekey ? 'rekey' : ''}\n`,
    )
    .update(json)
    .digest();
}

/**
 * Seals a room's state for its members to keep, and checks a seal a device brings back: an HMAC
 * under the processes' shared keys over the room, the version, the generation, the board epoch
 * and the state's JSON. A device cannot change a byte of what it keeps and still offer it.
 */
export class StateSealer {
  constructor(private readonly keys: SealKeys) {}

  seal(state: RoomState, context: SealContext): StateSeal {
    const { kid, key } = this.keys.current;
    const mac = macOf(key, context, state.version, jsonOf(state) ?? '').toString('base64url');
    const seal: StateSeal = { version: state.version, generation: context.generation, epoch: context.epoch, kid, mac };
    if (context.creator) seal.creator = context.creator;
    if (context.rekey) seal.rekey = true;
    return seal;
  }

  /** Whether `seal` is one of ours over exactly `state` in room `roomId`. Never throws. */
  verify(roomId: string, state: unknown, seal: StateSeal): boolean {
    const key = this.keys.byKid.get(seal.kid);
    if (!key || typeof state !== 'object' || state === null) return false;
    if ((state as { version?: unknown }).version !== seal.version) return false;
    const json = jsonOf(state);
    if (json === null) return false;
    const { generation, epoch, creator, rekey } = seal;
    const context: SealContext = { roomId, generation, epoch, creator, rekey };
    const expected = macOf(key, context, seal.version, json);
    const given = Buffer.from(seal.mac, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
