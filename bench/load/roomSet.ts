import { readEntries, replaceText, setStatus } from '../../shared/src/board/model.ts';
import { routeKeyOf } from '../../shared/src/crypto/routeKey.ts';
import { untilDoc } from '../../tests/helpers/board.ts';
import type { TargetKind } from '../lib/targets.ts';
import { createRoom, joinMember, type Member, type MemberHooks } from './drivers.ts';
import { LatencyBook } from './latencyBook.ts';

export interface FillOptions {
  kind: TargetKind;
  url: string;
  rooms: number;
  size: number;
  /** Every member also opens the commitment board (Holdspace). */
  board: boolean;
  /** The facilitator fills every row, as a scribe would by the end of a session. */
  fillBoard: boolean;
  /** The facilitator starts the session, so hands can go up (Holdspace). */
  startSession: boolean;
  /** Rooms being filled at once. */
  concurrency: number;
  /**
   * Through HAProxy: every device connects with its room's routing key (the proxy refuses a
   * connection without one). A sealed server's new room is brought to life by its creator's
   * device whether routed or not.
   */
  routed?: boolean;
}

export interface LiveRoom {
  roomId: string;
  members: Member[];
}

/** A row as a scribe fills it: about 230 characters over three fields, and a status. */
function fillRows(member: Member): void {
  const doc = member.board!.doc;
  let index = 0;
  for (const memberId of readEntries(doc).keys()) {
    index += 1;
    replaceText(
      doc,
      memberId,
      'commitment',
      `Leave the hospital by 7:30 pm at least twice this week, no charting from home on those nights (member ${index}).`,
    );
    replaceText(
      doc,
      memberId,
      'lastCommitment',
      'Send one message to one therapist this week; that is enough for now.',
    );
    replaceText(doc, memberId, 'note', 'Pager issues on nights; try again.');
    setStatus(doc, memberId, 'half-kept');
  }
}

async function inParallel<T>(count: number, concurrency: number, run: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await run(index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * The rooms one load generator holds: it fills them with members, drives their traffic, and
 * ends or abandons them. All of a room's members live here, so delivery latency is timed on one clock.
 */
export class RoomSet {
  readonly rooms: LiveRoom[] = [];
  readonly book = new LatencyBook();
  /** Whose hand is up, kept across traffic runs so that every raise and lower is accepted. */
  readonly handUp = new Map<Member, boolean>();
  acksOk = 0;
  refused = new Map<string, number>();
  readonly hooks: MemberHooks = {
    onEvent: (member, event) => this.book.received(member, event),
    onAck: (ok, code) => {
      if (ok) this.acksOk += 1;
      else this.refused.set(code ?? '?', (this.refused.get(code ?? '?') ?? 0) + 1);
    },
  };

  get memberCount(): number {
    return this.rooms.reduce((sum, room) => sum + room.members.length, 0);
  }

  async fill(options: FillOptions): Promise<{ rooms: number; members: number }> {
    const { kind, url, size } = options;
    const made = await inParallel(options.rooms, options.concurrency, async () => {
      const { roomId, secret, genesis } = await createRoom(url, 'open');
      const routing = options.routed ? { routeKey: await routeKeyOf(roomId) } : {};
      const facilitator = await joinMember(kind, url, roomId, 'Facilitator', this.hooks, {
        secret,
        ...routing,
        ...(genesis ? { genesis } : {}),
      });
      const others = await Promise.all(
        Array.from({ length: size - 1 }, (_, i) =>
          joinMember(kind, url, roomId, `Member ${i + 1}`, this.hooks, routing),
        ),
      );
      const members = [facilitator, ...others];
      if (options.startSession && kind === 'holdspace') await facilitator.request({ type: 'session:start' });
      if (options.board && kind === 'holdspace') {
        await Promise.all(members.map((m) => m.openBoard()));
        if (options.fillBoard) {
          const doc = facilitator.board!.doc;
          await untilDoc(doc, () => readEntries(doc).size === size, 'every row', 30_000);
          fillRows(facilitator);
          const last = members.at(-1)!.board!.doc;
          await untilDoc(
            last,
            () => [...readEntries(last).values()].filter((e) => e.note !== '').length === size,
            'a filled board',
            30_000,
          );
        }
      }
      return { roomId, members };
    });
    this.rooms.push(...made);
    return { rooms: this.rooms.length, members: this.memberCount };
  }

  /** The facilitator of every room ends it; then every device closes. */
  async endAll(): Promise<number> {
    await inParallel(this.rooms.length, 50, async (i) => {
      const room = this.rooms[i]!;
      await room.members[0]!.request({ type: 'room:end' }).catch(() => false);
      await Promise.all(room.members.map((m) => m.ended(10_000)));
    });
    return this.closeAll();
  }

  /** Every device closes its connections; the rooms stay on the server, their members away. */
  closeAll(): number {
    const count = this.rooms.length;
    for (const room of this.rooms) for (const member of room.members) member.close();
    this.rooms.length = 0;
    return count;
  }
}
