import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientCommand, RoomCommand } from '../../shared/src/protocol/commands.ts';
import { isSystemCommand } from '../../shared/src/room/commandAuthors.ts';
import { commandsWithoutMembers } from '../helpers/arbitraries.ts';
import { ReplicaHarness } from '../helpers/replicaHarness.ts';

const DEVICES = 4;
const device = fc.integer({ min: 0, max: DEVICES - 1 });

/** A member's command; `target` picks whom a command about a member names. */
const command: fc.Arbitrary<(memberIds: string[]) => ClientCommand> = fc.oneof(
  fc.constantFrom(...commandsWithoutMembers.filter((c): c is RoomCommand => !isSystemCommand(c))).map((c) => () => c),
  device.map(
    (target) =>
      (ids: string[]): ClientCommand => ({ type: 'hotseat:pick', memberId: ids[target] ?? '' }),
  ),
  device.map(
    (target) =>
      (ids: string[]): ClientCommand => ({ type: 'queue:call', memberId: ids[target] ?? '' }),
  ),
  device.map(
    (target) =>
      (ids: string[]): ClientCommand => ({ type: 'token:grant', memberId: ids[target] ?? '' }),
  ),
  device.map(
    (target) =>
      (ids: string[]): ClientCommand => ({ type: 'role:scribe', memberId: ids[target] ?? '' }),
  ),
  device.map(
    (target) =>
      (ids: string[]): ClientCommand => ({ type: 'role:facilitator', memberId: ids[target] ?? '' }),
  ),
);

/** What happens next: someone acts, time passes, or the network loses, reorders or delivers. */
const operation = fc.oneof(
  {
    weight: 6,
    // The facilitator (device 0) acts most: most commands are theirs.
    arbitrary: fc.record({ op: fc.constant('command' as const), by: fc.oneof(fc.constant(0), device), make: command }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 90_000 }) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('deliver' as const), to: device, count: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), to: device }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swap' as const), to: device }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('disconnect' as const), to: device }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reconnect' as const), to: device }) },
);

describe('the replica under a hostile network', () => {
  it('[RC3] for any commands, losses, reorders and reconnects, every device ends in the host’s exact state', async () => {
    await fc.assert(
      // Most runs start in a phase of the Bi-weekly 60 (round, hot seat, open floor…), where most rules live.
      fc.asyncProperty(
        fc.integer({ min: -1, max: 4 }),
        fc.array(operation, { minLength: 10, maxLength: 120 }),
        async (startPhase, operations) => {
          // A fifth member with no device: at the end their leaving is one more event for everyone,
          // which shows any device that lost the last events that it has a gap.
          const harness = new ReplicaHarness(['Fran', 'Ana', 'Ben', 'Cy', 'Sentinel']);
          const sentinel = harness.device(DEVICES);
          const devices = harness.devices.slice(0, DEVICES);
          harness.devices.splice(DEVICES);
          const ids = devices.map((d) => d.memberId);
          if (startPhase >= 0) harness.command(0, { type: 'session:start' });
          for (let i = 0; i < startPhase; i++) harness.command(0, { type: 'phase:next' });
          for (const o of operations) {
            if (o.op === 'command') harness.command(o.by, o.make(ids));
            else if (o.op === 'advance') harness.clock.advance(o.ms);
            else if (o.op === 'deliver') await harness.device(o.to).deliver(o.count);
            else if (o.op === 'drop') harness.device(o.to).drop();
            else if (o.op === 'swap') harness.device(o.to).swap();
            else if (o.op === 'disconnect') harness.device(o.to).disconnect();
            else harness.device(o.to).reconnect();
          }
          for (const d of devices) d.reconnect();
          sentinel.disconnect();
          await harness.settle();
          for (const d of devices) expect(d.state).toEqual(harness.host.state);
        },
      ),
      { numRuns: 300 },
    );
  });
});
