import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { heapSnapshotText } from '../helpers/heap.ts';
import { TestMember } from '../helpers/member.ts';
import { startServer } from '../helpers/server.ts';
import type { LogEvent, LogValue } from '../../server/src/log.ts';

/** Canary halves: the whole canary exists only where the room put it. */
const half = () => randomBytes(6).toString('hex');

async function liveCanariesFound(parts: Record<string, readonly string[]>): Promise<boolean> {
  const heap = await heapSnapshotText();
  return Object.values(parts).every((p) => heap.includes(p.join('')));
}

describe('the privacy contract', () => {
  it('[PR1][PR2] names, purpose, room id and secrets never reach a log, and nothing is left after the room ends', async () => {
    const lines: string[] = [];
    const logger = {
      log: (event: LogEvent, fields?: Record<string, LogValue>) => lines.push(JSON.stringify({ event, ...fields })),
    };
    const server = await startServer({ logger });
    const parts = { purpose: [half(), half()], name: [half(), half()] } as const;

    const created = await server.createRoom({ purpose: `Purpose ${parts.purpose[0]}${parts.purpose[1]}` });
    let facilitator: TestMember | null = await TestMember.join(
      server.url,
      created.roomId,
      `F${parts.name[0]}${parts.name[1]}`,
      created.secret,
    );
    let member: TestMember | null = await TestMember.join(
      server.url,
      created.roomId,
      `M${parts.name[0]}${parts.name[1]}`,
    );
    await facilitator.do({ type: 'session:start' });
    await facilitator.send({ type: 'role:facilitator', memberId: 'unknown-id' });
    await member.send({ type: 'phase:next' });
    const secrets = [created.secret, member.secret!];
    // Positive control: while the room lives, the snapshot does find the canaries.
    expect(await liveCanariesFound(parts)).toBe(true);
    await facilitator.send({ type: 'room:end' });
    await member.until(() => member!.ended !== null, 'ended');
    facilitator.close();
    member.close();
    facilitator = member = null;

    const secretsInLogs = secrets.filter((s) => lines.some((l) => l.includes(s)));
    const idInLogs = lines.some((l) => l.includes(created.roomId));
    expect(lines.length).toBeGreaterThan(3);
    expect(secretsInLogs).toEqual([]);
    expect(idInLogs).toBe(false);
    await server.close();

    const heap = await heapSnapshotText();
    const canaries = [parts.purpose.join(''), parts.name.join('')];
    const logText = lines.join('\n');
    for (const canary of canaries) {
      expect(logText.includes(canary)).toBe(false);
      expect(heap.includes(canary)).toBe(false);
    }
    // Two full heap snapshots of this process: seconds of CPU, more than 20 s on a busy 2-core machine.
  }, 60_000);
});
