import { afterEach, describe, expect, it } from 'vitest';
import { defaultBoardLimits } from '../../server/src/board/limits.ts';
import type { ServerConfig } from '../../server/src/config.ts';
import { FRAME_HEADER_BYTES, FRAME_SIGNATURE_BYTES, frameSignedBytes } from '../../shared/src/crypto/frame.ts';
import { signWith } from '../../shared/src/crypto/memberKeys.ts';
import { BoardClose } from '../../shared/src/protocol/boardEndpoint.ts';
import { PACKED_KEY_BYTES } from '../../shared/src/protocol/boardRelay.ts';
import { TestMember } from '../helpers/member.ts';
import { packSealed } from '../../shared/src/protocol/boardPacking.ts';
import { RelayDevice, testBoardKey } from '../helpers/relayDevice.ts';
import { roomWith } from '../helpers/room.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const sockets: TestMember[] = [];
afterEach(async () => {
  for (const m of sockets.splice(0)) m.close();
  await server.close();
});

async function start(config: Partial<ServerConfig> = {}): Promise<void> {
  server = await startServer({ config });
}

/** Another device of a member: a second connection with their secret (open its board with the member's keys). */
async function otherDevice(member: TestMember): Promise<TestMember> {
  const device = await TestMember.connect(server.url, member.roomId, member.secret);
  sockets.push(device);
  await device.until(() => device.state !== null, 'snapshot');
  return device;
}

/**
 * A room whose facilitator and members each open the board on one device; the facilitator's device
 * makes the first key (epoch 1), sealed to everyone. `scribe` names a member to make scribe.
 */
async function boardRoom(names: string[], { body = {}, config = {} as Partial<ServerConfig>, rekey = true } = {}) {
  await start(config);
  const room = await roomWith(server, names, body);
  sockets.push(...room.everyone);
  const boardKey = await testBoardKey();
  const devices = await Promise.all(room.everyone.map((m) => RelayDevice.open(m, boardKey)));
  const [fac, ...others] = devices as [RelayDevice, ...RelayDevice[]];
  if (rekey) {
    expect(await fac.rekey(room.everyone)).toEqual({ ok: true });
    for (const d of others) {
      await d.until(() => d.epochs.length > 0, 'the new epoch');
      d.moveTo(1);
    }
  }
  const relay = server.boards.get(room.roomId)!;
  return { ...room, boardKey, fac, others, devices, relay };
}

const closedWith = async (device: RelayDevice, code: number) => {
  await device.until(() => device.closed !== null, `board:closed ${code}`);
  expect(device.closed).toBe(code);
};

describe('the board relay: frames', () => {
  it("[BD2] relays a writer's update to every other subscribed socket and the writer's other device, never back to its sender", async () => {
    const { facilitator, members, boardKey, fac, others } = await boardRoom(['Ana', 'Ben']);
    const [ana] = members as [TestMember];
    const facPhone = await RelayDevice.open(await otherDevice(facilitator), boardKey, facilitator.keys);
    const sent = await fac.sendFrame('update');
    for (const d of [...others, facPhone]) await d.until(() => d.frames.length === 1, 'the update');
    for (const d of [...others, facPhone]) expect(d.frames).toEqual([{ from: facilitator.id, pos: 1, frame: sent }]);
    // Ana, now scribe, writes after: the sender's socket hears her update, and nothing of its own before it.
    await facilitator.do({ type: 'role:scribe', memberId: ana.id });
    const anas = await others[0]!.sendFrame('update');
    await fac.until(() => fac.frames.length > 0, "Ana's update");
    expect(fac.frames).toEqual([{ from: ana.id, pos: 2, frame: anas }]);
  });

  it('[PR2] relays frames with random ciphertext but valid signatures byte for byte: the server holds no key', async () => {
    const { facilitator, fac, others } = await boardRoom(['Ana']);
    const [ana] = others as [RelayDevice];
    const body = crypto.getRandomValues(new Uint8Array(FRAME_HEADER_BYTES + 500 + FRAME_SIGNATURE_BYTES));
    body.set([1, 0, 0, 0, 0, 1], 0); // version 1, update, epoch 1
    body.set(fac.stream, 6);
    body.set([0, 0, 0, 0, 0, 0, 0, 0], 14); // seq 0, covers 0
    const signature = await signWith(await facilitator.keys.pairs(), frameSignedBytes(facilitator.roomId, body));
    body.set(signature, body.length - FRAME_SIGNATURE_BYTES);
    fac.send(body);
    await ana.until(() => ana.frames.length === 1, 'the frame');
    expect(ana.frames[0]!.frame).toEqual(body);
    expect(fac.closed).toBeNull();
  });

  it("[BD4] closes a non-writer's subscription with 4401 when it sends an update, and relays nothing", async () => {
    const { others, fac } = await boardRoom(['Ana', 'Ben']);
    const [ana, ben] = others as [RelayDevice, RelayDevice];
    await ana.sendFrame('update');
    await closedWith(ana, BoardClose.unauthorized);
    await fac.sendFrame('update');
    await ben.until(() => ben.frames.length === 1, "the facilitator's update");
    expect(ben.frames.map((f) => f.pos)).toEqual([1]);
  });

  it('[BD4] closes with 4400 on a replayed frame', async () => {
    const { fac, others } = await boardRoom(['Ana']);
    const frame = await fac.sendFrame('update');
    await others[0]!.until(() => others[0]!.frames.length === 1, 'the first');
    fac.send(frame);
    await closedWith(fac, BoardClose.malformed);
  });

  it('[BD4] closes with 4400 on a gap in a stream, and on a new stream that does not start at 0', async () => {
    const { facilitator, fac, boardKey } = await boardRoom([]);
    await fac.sendFrame('update');
    await fac.sendFrame('update', { seq: 2 });
    await closedWith(fac, BoardClose.malformed);
    const phone = await RelayDevice.open(await otherDevice(facilitator), boardKey, facilitator.keys);
    phone.moveTo(1);
    await phone.sendFrame('update', { seq: 1 });
    await closedWith(phone, BoardClose.malformed);
  });

  it('[BD4] closes with 4400 on a bad signature', async () => {
    const { fac } = await boardRoom([]);
    const frame = await fac.frame('update');
    frame[frame.length - 1]! ^= 1;
    fac.send(frame);
    await closedWith(fac, BoardClose.malformed);
  });

  it("[BD4] closes with 4400 on a frame signed with another member's key", async () => {
    const { facilitator, members, boardKey } = await boardRoom(['Ana']);
    const forger = await RelayDevice.open(await otherDevice(facilitator), boardKey, members[0]!.keys);
    forger.moveTo(1);
    await forger.sendFrame('update');
    await closedWith(forger, BoardClose.malformed);
  });

  it('[BD4] closes with 4400 on a tampered header', async () => {
    const { fac } = await boardRoom([]);
    const frame = await fac.frame('update');
    frame[21]! ^= 1; // covers
    fac.send(frame);
    await closedWith(fac, BoardClose.malformed);
  });

  it('[BD4] closes with 4400 on bytes that are not a frame', async () => {
    const { fac } = await boardRoom([]);
    fac.send(new Uint8Array([1, 2, 3]));
    await closedWith(fac, BoardClose.malformed);
    await fac.open();
    fac.member.socket.emit('board:frame', 'text' as unknown as Uint8Array);
    await closedWith(fac, BoardClose.malformed);
  });

  it('[BD4] closes with 4409 on a frame of the old epoch after a rekey; the device opens again', async () => {
    const { everyone, fac, others } = await boardRoom(['Ana']);
    const [ana] = others as [RelayDevice];
    await ana.until(() => ana.keys.length === 1, 'the first key');
    const stale = await fac.frame('update');
    expect(await fac.rekey(everyone)).toEqual({ ok: true });
    fac.send(stale);
    await closedWith(fac, BoardClose.reset);
    expect((await fac.open()).epoch).toBe(2);
  });

  it('[RC5] closes with 4413 on an awareness frame over 4 KiB and an update over the frame limit', async () => {
    const { fac } = await boardRoom([], { config: { board: { ...defaultBoardLimits, maxFrameBytes: 8 * 1024 } } });
    await fac.sendFrame('awareness', { plaintext: new Uint8Array(5 * 1024) });
    await closedWith(fac, BoardClose.tooLarge);
    await fac.open();
    fac.moveTo(1);
    await fac.sendFrame('update', { plaintext: new Uint8Array(9 * 1024) });
    await closedWith(fac, BoardClose.tooLarge);
  });

  it('[RC5] closes with 4429 when a writer sends updates past their budget', async () => {
    const { fac } = await boardRoom([]);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 100; i++) frames.push(await fac.frame('update'));
    for (const frame of frames) fac.send(frame);
    await closedWith(fac, BoardClose.tooMany);
  });

  it('[RC5] closes the oldest of a member’s subscriptions with 4408 when they open a fifth', async () => {
    const { facilitator, fac, relay, boardKey } = await boardRoom([], {
      config: { socket: { messageBurst: 100, messagesPerSecond: 20, socketsPerMember: 8, slowConsumerPackets: 256 } },
    });
    const more: RelayDevice[] = [];
    for (let i = 0; i < 4; i++)
      more.push(await RelayDevice.open(await otherDevice(facilitator), boardKey, facilitator.keys));
    await closedWith(fac, BoardClose.superseded);
    expect(relay.subscriberCount).toBe(4);
    expect(more.every((d) => d.closed === null)).toBe(true);
  });
});

describe('the board relay: opening the board', () => {
  it('[RC5] board:open, answered with the whole snapshot and tail, has a small budget of its own', async () => {
    const { fac } = await boardRoom([]);
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await fac.member.socket.timeout(5_000).emitWithAck('board:open', {}));
    // The device's own open was the first of the burst of 4.
    expect(replies.map((r) => (r.ok ? 'ok' : r.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'RATE_LIMITED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
  });
});

describe('the board relay: snapshots and the tail', () => {
  it('[BD2] a snapshot in parts replaces the tail it covers; a late board:open gets the parts, the tail, the latest awareness and its sealed key', async () => {
    const { roomId, facilitator, fac, others, boardKey } = await boardRoom(['Ana']);
    const [ana] = others as [RelayDevice];
    for (let i = 0; i < 3; i++) await fac.sendFrame('update');
    const part = await fac.sendFrame('snapshot-part', { covers: 3 });
    const final = await fac.sendFrame('snapshot', { covers: 3 });
    const after = await fac.sendFrame('update');
    const presence = await ana.sendFrame('awareness');
    await ana.until(() => ana.frames.length === 4, 'four updates');
    expect(ana.frames.map((f) => f.pos)).toEqual([1, 2, 3, 4]); // the snapshot is not relayed
    await fac.until(() => fac.frames.length === 1, "Ana's awareness");

    const cy = await TestMember.join(server.url, roomId, 'Cy');
    sockets.push(cy);
    await fac.until(() => fac.needs?.seal.includes(cy.id) === true, 'Cy to seal to');
    expect(await fac.seal(cy)).toEqual({ ok: true });
    const late = new RelayDevice(cy, boardKey);
    const opened = await late.open();
    expect(opened.epoch).toBe(1);
    expect(opened.snapshot).toEqual([
      { from: facilitator.id, pos: 3, frame: part },
      { from: facilitator.id, pos: 3, frame: final },
    ]);
    expect(opened.tail).toEqual([{ from: facilitator.id, pos: 4, frame: after }]);
    expect(opened.awareness).toEqual([{ from: others[0]!.member.id, pos: 0, frame: presence }]);
    expect(opened.key?.from).toBe(facilitator.id);
    expect(opened.key?.epoch).toBe(1);
    expect(opened.needs).toEqual({ seal: [], snapshot: false, rekey: false });
  });

  it('[BD4] refuses a snapshot that covers updates not yet relayed, or whose parts disagree, with 4400', async () => {
    const { fac } = await boardRoom([]);
    await fac.sendFrame('update');
    await fac.sendFrame('snapshot', { covers: 2 });
    await closedWith(fac, BoardClose.malformed);
    await fac.open();
    fac.moveTo(1);
    await fac.sendFrame('snapshot-part', { covers: 1 });
    await fac.sendFrame('snapshot', { covers: 0 });
    await closedWith(fac, BoardClose.malformed);
    await fac.open();
    fac.moveTo(1);
    await fac.sendFrame('snapshot-part', { covers: 1 });
    await fac.sendFrame('update');
    await closedWith(fac, BoardClose.malformed);
  });

  it("[BD2] sets needs.snapshot for writers' sockets once the tail grows, and clears it with a snapshot", async () => {
    const board = { ...defaultBoardLimits, tailSnapshotFrames: 3 };
    const { fac, others } = await boardRoom(['Ana'], { config: { board } });
    const [ana] = others as [RelayDevice];
    for (let i = 0; i < 4; i++) await fac.sendFrame('update');
    await fac.until(() => fac.needs?.snapshot === true, 'a snapshot asked for');
    await fac.sendFrame('snapshot', { covers: 4 });
    await fac.until(() => fac.needs?.snapshot === false, 'the snapshot taken');
    await ana.until(() => ana.frames.length === 4, 'the updates');
    expect(ana.needsSent.filter((n) => n.snapshot)).toEqual([]);
  });

  it('[RC5] refuses updates with 4413 once the tail reaches its hard cap, until a snapshot covers it', async () => {
    const board = { ...defaultBoardLimits, tailMaxFrames: 5 };
    const { facilitator, fac, boardKey, others } = await boardRoom(['Ana'], { config: { board } });
    for (let i = 0; i < 6; i++) await fac.sendFrame('update');
    await closedWith(fac, BoardClose.tooLarge);
    const phone = await RelayDevice.open(await otherDevice(facilitator), boardKey, facilitator.keys);
    expect(phone.opened!.tail).toHaveLength(5);
    await phone.sendFrame('snapshot', { covers: 5 });
    await phone.sendFrame('update');
    await others[0]!.until(() => others[0]!.frames.some((f) => f.pos === 6), 'the update after the snapshot');
    expect(phone.closed).toBeNull();
  });
});

describe('the board relay: sealed keys', () => {
  it('in a knock room only the facilitator seals; a bad signature is refused', async () => {
    await start();
    const { roomId, secret } = await server.createRoom({ admission: 'knock' });
    const facilitator = await TestMember.join(server.url, roomId, 'Fran', secret);
    sockets.push(facilitator);
    const boardKey = await testBoardKey();
    const fac = await RelayDevice.open(facilitator, boardKey);
    const admit = async (name: string) => {
      const newcomer = await TestMember.knock(server.url, roomId, name);
      sockets.push(newcomer);
      await facilitator.until(() => facilitator.knocks.some((k) => k.name === name), `${name} knocking`);
      const knockId = facilitator.knocks.find((k) => k.name === name)!.id;
      await facilitator.do({ type: 'knock:admit', knockId });
      await newcomer.until(() => newcomer.state !== null, 'admitted');
      return newcomer;
    };
    const ana = await admit('Ana');
    const ben = await admit('Ben');
    expect(await fac.rekey([facilitator, ana])).toEqual({ ok: true });
    const anaDevice = await RelayDevice.open(ana, boardKey);
    expect(await anaDevice.seal(ben)).toMatchObject({ ok: false, code: 'NOT_FACILITATOR' });
    const forged = await fac.sealFor(ben, 1);
    forged.signature[0]! ^= 1;
    const bad = await facilitator.socket.emitWithAck('board:seal', { ...forged, epoch: 1 });
    expect(bad).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(await fac.seal(ben)).toEqual({ ok: true });
  });

  it('in an open room any member seals, the first seal wins, and it reaches only the recipient’s sockets', async () => {
    const { facilitator, members, fac, others, boardKey } = await boardRoom(['Ana', 'Ben']);
    const [ana, ben] = others as [RelayDevice, RelayDevice];
    const cy = await TestMember.join(server.url, facilitator.roomId, 'Cy');
    sockets.push(cy);
    const cyDevices = [
      await RelayDevice.open(cy, boardKey),
      await RelayDevice.open(await otherDevice(cy), boardKey, cy.keys),
    ];
    expect(cyDevices[0]!.opened!.key).toBeNull();
    await ana.until(() => ana.needs?.seal.includes(cy.id) === true, 'Cy to seal to');
    expect(await ana.seal(cy)).toEqual({ ok: true });
    expect(await fac.seal(cy)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    for (const d of cyDevices) {
      await d.until(() => d.keys.some((k) => k.epoch === 1), 'the sealed key');
      expect(d.keys.find((k) => k.epoch === 1)?.from).toBe(members[0]!.id);
    }
    await ben.until(() => ben.needs?.seal.length === 0, 'no one left to seal to');
    expect([...ana.keys, ...ben.keys, ...fac.keys].filter((k) => k.epoch === 1 && k.from === members[0]!.id)).toEqual(
      [],
    );
  });

  it('refuses a seal for another epoch, before the first key, with bad bytes, or before board:open', async () => {
    const { facilitator, members, fac } = await boardRoom(['Ana'], { rekey: false });
    expect(await fac.seal(members[0]!, 0)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(await fac.rekey([facilitator])).toEqual({ ok: true });
    expect(await fac.seal(members[0]!, 2)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    const sealed = await fac.sealFor(members[0]!, 1);
    const short = { ...sealed, sealed: sealed.sealed.subarray(1), epoch: 1 };
    expect(await facilitator.socket.emitWithAck('board:seal', short)).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    const unopened = await otherDevice(facilitator);
    expect(await unopened.socket.emitWithAck('board:seal', { ...sealed, epoch: 1 })).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    });
  });
});

describe('the board relay: rekeys', () => {
  it('[RM7] only the facilitator rekeys, to the next epoch only, covering each member at most once, themselves included', async () => {
    const { facilitator, members, everyone, fac, others } = await boardRoom(['Ana']);
    const [ana] = others as [RelayDevice];
    expect(await ana.rekey(everyone)).toMatchObject({ ok: false, code: 'NOT_FACILITATOR' });
    expect(await fac.rekey(everyone, 3)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(await fac.rekey(members)).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(await fac.rekey([facilitator, facilitator])).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(server.boards.get(facilitator.roomId)!.epoch).toBe(1);
  });

  it('[RM7] a rekey sealing to 12 members (more keys than Socket.IO takes attachments) reaches each of them with their own key', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `Member ${i + 1}`);
    const { facilitator, everyone, fac, others } = await boardRoom(names, { rekey: false });
    expect(everyone).toHaveLength(12);
    const keys = await Promise.all(everyone.map((m) => fac.sealFor(m, 1)));
    const packed = packSealed(keys);
    expect(packed.length).toBe(12 * PACKED_KEY_BYTES);
    const reply = await facilitator.socket
      .timeout(5_000)
      .emitWithAck('board:rekey', { epoch: 1, to: keys.map((k) => k.to), keys: packed });
    expect(reply).toEqual({ ok: true });
    for (const [i, device] of [fac, ...others].entries()) {
      await device.until(() => device.keys.some((k) => k.epoch === 1), `member ${i}'s key`);
      expect(device.keys).toEqual([{ from: facilitator.id, epoch: 1, ...pick(keys[i]!) }]);
    }
    expect(server.boards.get(facilitator.roomId)!.epoch).toBe(1);
    // A late device of the last member finds its own key in board:open's answer, byte for byte.
    const last = others.at(-1)!;
    const phone = await RelayDevice.open(await otherDevice(last.member), fac.boardKey, last.member.keys);
    expect(phone.opened!.key).toEqual({ from: facilitator.id, epoch: 1, ...pick(keys[11]!) });
  });

  it('[RM7] refuses a rekey whose packed keys do not match its list of members', async () => {
    const { facilitator, everyone, fac } = await boardRoom(['Ana', 'Ben'], { rekey: false });
    const keys = await Promise.all(everyone.map((m) => fac.sealFor(m, 1)));
    const packed = packSealed(keys);
    const rekey = (to: string[], bytes: Uint8Array<ArrayBuffer>) =>
      facilitator.socket.timeout(5_000).emitWithAck('board:rekey', { epoch: 1, to, keys: bytes });
    const to = keys.map((k) => k.to);
    expect(await rekey(to, packed.subarray(1))).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(await rekey(to.slice(1), packed)).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    // Keys in another order than `to`: each is checked against the member it is listed for.
    expect(await rekey([to[1]!, to[0]!, to[2]!], packed)).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    expect(server.boards.get(facilitator.roomId)!.epoch).toBe(0);
    expect(await rekey(to, packed)).toEqual({ ok: true });
  });

  it('[RM7] a rekey clears the snapshot and tail, tells every socket the epoch and each recipient its key', async () => {
    const { facilitator, fac, others, members } = await boardRoom(['Ana', 'Ben']);
    const [ana, ben] = others as [RelayDevice, RelayDevice];
    await fac.sendFrame('update');
    await fac.sendFrame('snapshot', { covers: 1 });
    await fac.sendFrame('update');
    await ana.sendFrame('awareness');
    await ben.until(() => ben.frames.length === 3, 'updates and awareness');
    expect(await fac.rekey([facilitator, members[0]!])).toEqual({ ok: true });
    for (const d of [ana, ben]) await d.until(() => d.epochs.some((e) => e.epoch === 2), 'epoch 2');
    expect(ben.epochs.at(-1)).toEqual({ epoch: 2, from: facilitator.id });
    await ana.until(() => ana.keys.some((k) => k.epoch === 2), "Ana's new key");
    expect(ben.keys.some((k) => k.epoch === 2)).toBe(false);
    const reopened = await ben.open();
    expect(reopened).toMatchObject({ epoch: 2, snapshot: [], tail: [], awareness: [], key: null });
    await fac.until(() => fac.needs?.seal.includes(members[1]!.id) === true, 'Ben to seal to');
  });

  it("[RM7] after member:remove the removed member's subscriptions close with 4403 and the facilitator's device needs a rekey", async () => {
    const { members, fac, others } = await boardRoom(['Ana', 'Ben']);
    const [ana, ben] = others as [RelayDevice, RelayDevice];
    expect(fac.needs?.rekey).toBe(false);
    await fac.member.do({ type: 'member:remove', memberId: members[0]!.id });
    await closedWith(ana, BoardClose.removed);
    await fac.until(() => fac.needs?.rekey === true, 'a rekey asked for');
    expect(ben.needs?.rekey).toBe(false);
    // Until the facilitator rekeys, frames of this epoch still go through.
    await fac.sendFrame('update');
    await ben.until(() => ben.frames.length === 1, 'the update');
  });

  it('[BD6] a room that ends closes every subscription with 4410 and drops its relay', async () => {
    const { roomId, fac, others, relay } = await boardRoom(['Ana']);
    await fac.member.send({ type: 'room:end' });
    for (const d of [fac, ...others]) await closedWith(d, BoardClose.roomEnded);
    expect(server.boards.get(roomId)).toBeUndefined();
    expect(relay.subscriberCount).toBe(0);
  });
});

describe('the board relay: awareness', () => {
  it('[BD3] coalesces awareness per stream and never echoes it to its sender', async () => {
    const { fac, others } = await boardRoom(['Ana', 'Ben']);
    const [ana, ben] = others as [RelayDevice, RelayDevice];
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 8; i++) frames.push(await ana.frame('awareness'));
    for (const frame of frames) ana.send(frame);
    await ben.until(
      () => ben.frames.some((f) => f.frame.length === frames[7]!.length && equal(f.frame, frames[7]!)),
      'the latest',
    );
    expect(ben.frames.length).toBeLessThanOrEqual(3);
    // Ben's own awareness reaches Ana after anything the server would have echoed to her.
    await ben.sendFrame('awareness');
    await ana.until(() => ana.frames.length > 0, "Ben's awareness");
    expect(ana.frames.map((f) => f.from)).toEqual([ben.member.id]);
    await fac.until(() => fac.frames.length >= 2, 'both to the facilitator');
  });

  it('[BD3][RC5] drops awareness past the member’s budget without closing the subscription', async () => {
    const { others } = await boardRoom(['Ana', 'Ben']);
    const [ana, ben] = others as [RelayDevice, RelayDevice];
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) frames.push(await ana.frame('awareness'));
    for (const frame of frames) ana.send(frame);
    // A frame after the flood, once the budget has refilled, goes through; the flood's last did not.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const last = await ana.sendFrame('awareness');
    await ben.until(() => ben.frames.some((f) => equal(f.frame, last)), 'the later frame');
    expect(ben.frames.some((f) => equal(f.frame, frames[39]!))).toBe(false);
    expect(ana.closed).toBeNull();
  });
});

function pick({ sealed, signature }: { sealed: Uint8Array; signature: Uint8Array }) {
  return { sealed, signature };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
