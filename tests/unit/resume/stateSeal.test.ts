import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealKeysFrom } from '../../../server/src/resume/sealKeys.ts';
import { creatorHashOf, StateSealer } from '../../../server/src/resume/stateSealer.ts';
import { lobby, must, T0 } from '../../helpers/rooms.ts';

const key = () => randomBytes(32).toString('base64');
const context = { roomId: 'room-one', generation: 0, epoch: 2 };

describe('[RS1] seal keys and the state seal', () => {
  it('reads kid:base64 pairs, the first sealing; refuses what is not 32 bytes, a repeated kid, or junk', () => {
    const keys = sealKeysFrom(` k2:${key()}, k1:${randomBytes(32).toString('base64url')} `)!;
    expect(keys.current.kid).toBe('k2');
    expect([...keys.byKid.keys()]).toEqual(['k2', 'k1']);
    expect(sealKeysFrom(undefined)).toBeNull();
    expect(sealKeysFrom('  ')).toBeNull();
    expect(() => sealKeysFrom(`k1:${randomBytes(16).toString('base64')}`)).toThrow();
    expect(() => sealKeysFrom(`k1:${key()},k1:${key()}`)).toThrow(/twice/);
    expect(() => sealKeysFrom('k1')).toThrow();
    expect(() => sealKeysFrom(`bad kid:${key()}`)).toThrow();
  });

  it('verifies its own seal, and none over a changed state, another room, context or key', () => {
    const old = `k1:${key()}`;
    const sealer = new StateSealer(sealKeysFrom(old)!);
    const state = must(lobby(), { type: 'session:start' }, 'fac', T0);
    const seal = sealer.seal(state, context);
    expect(seal).toMatchObject({ version: state.version, generation: 0, epoch: 2, kid: 'k1' });
    // What a device sends back went through JSON: the same text, so the same seal.
    expect(sealer.verify('room-one', JSON.parse(JSON.stringify(state)), seal)).toBe(true);
    expect(sealer.verify('room-two', state, seal)).toBe(false);
    expect(sealer.verify('room-one', { ...state, tokensPerMember: 9 }, seal)).toBe(false);
    expect(sealer.verify('room-one', state, { ...seal, epoch: 3 })).toBe(false);
    expect(sealer.verify('room-one', state, { ...seal, generation: 1 })).toBe(false);
    expect(sealer.verify('room-one', state, { ...seal, rekey: true })).toBe(false);
    expect(sealer.verify('room-one', state, { ...seal, version: seal.version + 1 })).toBe(false);
    expect(sealer.verify('room-one', state, { ...seal, kid: 'k9' })).toBe(false);
    expect(sealer.verify('room-one', null, seal)).toBe(false);
    // Rotation: a new first key seals, the old one still verifies; without it, nothing does.
    const rotated = new StateSealer(sealKeysFrom(`k2:${key()},${old}`)!);
    expect(rotated.verify('room-one', state, seal)).toBe(true);
    expect(rotated.seal(state, context).kid).toBe('k2');
    expect(new StateSealer(sealKeysFrom(`k2:${key()}`)!).verify('room-one', state, seal)).toBe(false);
  });

  it('binds the creator’s secret by its hash while the creator has not joined', () => {
    const sealer = new StateSealer(sealKeysFrom(`k1:${key()}`)!);
    const state = lobby([]);
    const creator = creatorHashOf('secret-of-the-creator');
    const seal = sealer.seal(state, { ...context, creator });
    expect(seal.creator).toBe(creator);
    expect(creator).not.toContain('secret');
    expect(sealer.verify('room-one', state, seal)).toBe(true);
    expect(sealer.verify('room-one', state, { ...seal, creator: creatorHashOf('another') })).toBe(false);
  });
});
