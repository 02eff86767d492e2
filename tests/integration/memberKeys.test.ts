import { afterEach, describe, expect, it } from 'vitest';
import { DeviceKeys } from '../helpers/deviceKeys.ts';
import { TestMember } from '../helpers/member.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const open: TestMember[] = [];

afterEach(async () => {
  for (const m of open.splice(0)) m.close();
  await server.close();
});

async function newcomer(roomId: string): Promise<TestMember> {
  const member = await TestMember.connect(server.url, roomId);
  open.push(member);
  return member;
}

describe('member keys: each device proves the keys it joins with', () => {
  it('the roster carries each member’s public keys, as their device proved them, through a knock too', async () => {
    server = await startServer();
    const { roomId, secret } = await server.createRoom({ admission: 'knock' });
    const fran = await TestMember.join(server.url, roomId, 'Fran', secret);
    open.push(fran);
    const ana = await TestMember.knock(server.url, roomId, 'Ana');
    open.push(ana);
    await fran.until(() => fran.knocks.length === 1, 'the knock');
    await fran.do({ type: 'knock:admit', knockId: fran.knocks[0]!.id });
    await ana.until(() => ana.state !== null, 'admitted');
    await fran.until(() => fran.state!.members.length === 2, 'Ana in the roster');
    for (const device of [fran, ana]) {
      const keys = fran.state!.members.map((m) => m.keys);
      expect(keys).toContainEqual(device.keys.public);
    }
    expect(ana.state!.members).toEqual(fran.state!.members);
  });

  it('a proof made for another connection, another room or other keys is refused, and nobody joins', async () => {
    server = await startServer();
    const { roomId, secret } = await server.createRoom({ admission: 'open' });
    const fran = await TestMember.join(server.url, roomId, 'Fran', secret);
    open.push(fran);
    const other = await server.createRoom({ admission: 'open' });
    const [mallory, bystander, elsewhere] = await Promise.all([
      newcomer(roomId),
      newcomer(roomId),
      newcomer(other.roomId),
    ]);
    const refused = { ok: false, code: 'BAD_INPUT', message: expect.stringContaining('prove its keys') };

    // Replayed from another connection: the challenge is this connection's own.
    const replayed = bystander.joinRequest('Mallory');
    expect(await mallory.socket.emitWithAck('room:join', replayed)).toMatchObject(refused);
    // Made for another room with this connection's challenge.
    const otherRoom = {
      ...mallory.joinRequest('Mallory'),
      keys: mallory.keys.join(other.roomId, mallory.preview!.challenge),
    };
    expect(await mallory.socket.emitWithAck('room:join', otherRoom)).toMatchObject(refused);
    // Someone else's public keys, with a proof by Mallory's own key.
    const copied = mallory.joinRequest('Mallory');
    expect(
      await mallory.socket.emitWithAck('room:join', {
        ...copied,
        keys: { ...copied.keys, sign: fran.keys.public.sign },
      }),
    ).toMatchObject(refused);
    // Another box key than the one signed for.
    const swapped = { ...copied.keys, box: new DeviceKeys().public.box };
    expect(await mallory.socket.emitWithAck('room:join', { ...copied, keys: swapped })).toMatchObject(refused);
    // A signature that is not one, and keys that are not on the curve.
    const zeros = { ...copied.keys, proof: 'A'.repeat(86) };
    expect(await mallory.socket.emitWithAck('room:join', { ...copied, keys: zeros })).toMatchObject(refused);
    const offCurve = { ...copied.keys, sign: `${'_'.repeat(42)}w` };
    expect(await mallory.socket.emitWithAck('room:join', { ...copied, keys: offCurve })).toMatchObject(refused);
    // Keys missing or malformed are refused by the schema.
    const { keys: _missing, ...withoutKeys } = copied;
    expect(await mallory.socket.emitWithAck('room:join', withoutKeys as never)).toMatchObject({
      ok: false,
      code: 'BAD_INPUT',
    });
    expect(
      await mallory.socket.emitWithAck('room:join', { ...copied, keys: { ...copied.keys, sign: 'not a key' } }),
    ).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(server.registry.get(roomId)!.state.members).toHaveLength(1);

    // The honest joins still work on the same connections.
    expect(await mallory.socket.emitWithAck('room:join', mallory.joinRequest('Mallory'))).toMatchObject({ ok: true });
    expect(await elsewhere.socket.emitWithAck('room:join', elsewhere.joinRequest('Eli'))).toMatchObject({ ok: true });
  });

  it('two members cannot hold the same keys', async () => {
    server = await startServer();
    const { roomId, secret } = await server.createRoom({ admission: 'open' });
    const fran = await TestMember.join(server.url, roomId, 'Fran', secret);
    open.push(fran);
    const ana = await TestMember.join(server.url, roomId, 'Ana');
    open.push(ana);
    // A second connection proving Ana's keys (her device, or a copy of it) cannot be a second member.
    const twin = await newcomer(roomId);
    const request = { ...twin.joinRequest('Twin'), keys: ana.keys.join(roomId, twin.preview!.challenge) };
    expect(await twin.socket.emitWithAck('room:join', request)).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(server.registry.get(roomId)!.state.members).toHaveLength(2);
  });
});
