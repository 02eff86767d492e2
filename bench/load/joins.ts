import type { TargetKind } from '../lib/targets.ts';
import { createRoom, joinMember, type Member, type MemberHooks } from './drivers.ts';

export interface JoinsOptions {
  kind: TargetKind;
  url: string;
  /** Closed: `concurrency` rooms at a time, each started when one finishes. Open: `roomsPerSecond`. */
  mode: 'closed' | 'open';
  concurrency: number;
  roomsPerSecond: number;
  size: number;
  /** Knock rooms: the facilitator admits each newcomer (Holdspace only). */
  knock: boolean;
  warmupMs: number;
  measureMs: number;
}

export interface JoinsResult {
  /** Members who completed create-or-connect and join inside the window. */
  joins: number;
  rooms: number;
  seconds: number;
  /** Create + every join, per room started inside the window (ms). */
  roomLatencies: number[];
  /** Connect + join, per member inside the window (ms). */
  joinLatencies: number[];
  errors: number;
  firstError: string | null;
}

const quiet: MemberHooks = { onEvent() {}, onAck() {} };

/**
 * The top of the hour: rooms are created and filled, each newcomer connecting and joining (or
 * knocking and being admitted). Once full, a room is ended and its devices close, so the number of
 * open sockets stays bounded however long the run.
 */
export async function runJoins(options: JoinsOptions): Promise<JoinsResult> {
  const { kind, url, size } = options;
  const started = performance.now();
  const windowFrom = started + options.warmupMs;
  const windowTo = windowFrom + options.measureMs;
  const result: JoinsResult = {
    joins: 0,
    rooms: 0,
    seconds: options.measureMs / 1000,
    roomLatencies: [],
    joinLatencies: [],
    errors: 0,
    firstError: null,
  };
  const inWindow = (t: number) => t >= windowFrom && t < windowTo;

  const timedJoin = async (join: () => Promise<Member>): Promise<Member> => {
    const t0 = performance.now();
    const member = await join();
    const t1 = performance.now();
    if (inWindow(t1)) {
      result.joins += 1;
      result.joinLatencies.push(t1 - t0);
    }
    return member;
  };

  const oneRoom = async () => {
    const t0 = performance.now();
    const members: Member[] = [];
    try {
      const { roomId, secret } = await createRoom(url, options.knock ? 'knock' : 'open');
      members.push(
        await timedJoin(() =>
          joinMember(kind, url, roomId, 'Facilitator', quiet, { secret, autoAdmit: options.knock }),
        ),
      );
      const others = await Promise.all(
        Array.from({ length: size - 1 }, (_, i) =>
          timedJoin(() => joinMember(kind, url, roomId, `Member ${i + 1}`, quiet, { knock: options.knock })),
        ),
      );
      members.push(...others);
      const t1 = performance.now();
      if (inWindow(t0)) {
        result.rooms += 1;
        result.roomLatencies.push(t1 - t0);
      }
      await members[0]!.request({ type: 'room:end' });
    } catch (error) {
      result.errors += 1;
      result.firstError ??= (error as Error).message;
    } finally {
      for (const member of members) member.close();
    }
  };

  if (options.mode === 'closed') {
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < windowTo) await oneRoom();
      }),
    );
  } else {
    const pending = new Set<Promise<void>>();
    const intervalMs = 1000 / options.roomsPerSecond;
    let launched = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        if (now >= windowTo) return resolve();
        const due = Math.floor((now - started) / intervalMs) - launched;
        for (let i = 0; i < due; i++) {
          launched += 1;
          const flow = oneRoom();
          pending.add(flow);
          void flow.finally(() => pending.delete(flow));
        }
        setTimeout(tick, 1);
      };
      tick();
    });
    await Promise.all(pending);
  }
  return result;
}
