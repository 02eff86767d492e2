/**
 * Board attacks on the end-to-end encrypted board: a hostile writer (the scribe's device, holding
 * the board key like any member's) sends the bombs of tests/helpers/boardAttacks.ts, each properly
 * signed and encrypted, so only the receiving devices' own checks stand between it and the board.
 * The server relays ciphertext and parses no Yjs at all; the devices (the facilitator's and a
 * reader's) run the page's link in this process, as the page runs it.
 *
 * Each line is one message:
 *   relay     the server's own handling of it (BoardRelay.receive: size, epoch, writer, signature,
 *             sequence, budgets, fan-out), the longest of the attack's messages
 *   relayed   from sending until it reached the receiving devices' sockets
 *   devices   for each receiving device, from the frame's arrival to its refusal (or, if it kept
 *             the board's shape, until the device had applied it)
 *   loop      this process's longest event-loop gap meanwhile: server and both devices
 *             together; a page would freeze for its device's share of it
 * then what is left of the board: whether another writer's edit still reaches a reader.
 *
 * The room's update budgets are raised so the relay passes every bomb on: what is measured is
 * what the devices pay, not the relay's refusal of a writer over budget.
 *
 * Run: npx tsx bench/boardAttacks.ts [root-bomb messages, default 24; 0 skips them]
 */
import * as Y from 'yjs';
import { defaultBoardLimits } from '../server/src/board/limits.ts';
import { readEntries, replaceText } from '../shared/src/board/model.ts';
import { openBoard, untilDoc } from '../tests/helpers/board.ts';
import {
  copyOf,
  farFuture,
  longText,
  nestedMapsBomb,
  rootBombs,
  scanBomb,
  tombstones,
} from '../tests/helpers/boardAttacks.ts';
import type { BoardDevice } from '../tests/helpers/boardDevice.ts';
import { HostileWriter } from '../tests/helpers/hostileWriter.ts';
import type { TestMember } from '../tests/helpers/member.ts';
import { roomWith } from '../tests/helpers/room.ts';
import { startServer } from '../tests/helpers/server.ts';

const rootMessages = Number(process.argv[2] ?? 24);
const HUGE = 1024 * 1024 * 1024;
const server = await startServer({
  config: {
    roomCreationBurst: 1_000_000,
    board: {
      ...defaultBoardLimits,
      updateBurst: 100_000,
      updateBytesBurst: HUGE,
      socketFrameBurst: 100_000,
      tailMaxFrames: 100_000,
      tailMaxBytes: HUGE,
    },
  },
});

/** Measures the event loop's longest gap between 1 ms ticks, up to the moment `stop` is called. */
function loopGaps(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

/** Polls `test` every millisecond; the time it first held, or null after `ms`. */
async function when(test: () => boolean, ms = 60_000): Promise<number | null> {
  const deadline = performance.now() + ms;
  while (!test()) {
    if (performance.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return performance.now();
}

interface Receiver {
  device: BoardDevice;
  /** When each board frame reached this device's socket. */
  arrivals: number[];
}

interface AttackRoom {
  members: TestMember[];
  facilitator: TestMember;
  ana: TestMember;
  ben: TestMember;
  hostile: HostileWriter;
  receivers: Receiver[];
  /** The server's longest handling of one frame since the last `take()`. */
  relayMs: { take(): number };
  devices: BoardDevice[];
}

/** A room whose scribe (Ana) sends from a hostile device; the facilitator's and Ben's devices receive. */
async function attackRoom(): Promise<AttackRoom> {
  const room = await roomWith(server, ['Ana', 'Ben']);
  const [ana, ben] = room.members as [TestMember, TestMember];
  await room.facilitator.do({ type: 'role:scribe', memberId: ana.id });
  const devices = [await openBoard(room.facilitator), await openBoard(ben)];
  const hostile = await HostileWriter.open(ana, await ana.keys.pairs());
  const receivers = devices.map((device) => {
    const receiver: Receiver = { device, arrivals: [] };
    device.member.socket.on('board:frame', () => receiver.arrivals.push(performance.now()));
    return receiver;
  });
  const relay = server.boards.get(room.roomId)!;
  const receive = relay.receive.bind(relay);
  let longest = 0;
  relay.receive = (peer, payload) => {
    const started = performance.now();
    receive(peer, payload);
    longest = Math.max(longest, performance.now() - started);
  };
  const relayMs = {
    take() {
      const taken = longest;
      longest = 0;
      return taken;
    },
  };
  return { members: room.everyone, facilitator: room.facilitator, ana, ben, hostile, receivers, relayMs, devices };
}

function closeRoom(room: AttackRoom): void {
  for (const device of room.devices) device.destroy();
  for (const member of room.members) member.close();
}

const ms = (value: number | null) => (value === null ? '    -' : value.toFixed(0).padStart(5));

let sentinels = 0;

/**
 * Sends one bomb from the hostile writer, then a small edit of its own that keeps the board's
 * shape (in Ana's own note): each device handles frames in order, so once that edit shows on the
 * page, the bomb was handled; if the device refused the bomb, it is timed to the refusal.
 */
async function attack(what: string, room: AttackRoom, update: Uint8Array): Promise<string> {
  const text = `sentinel ${++sentinels}`;
  const view = copyOf(room.devices[0]!.doc);
  const edits: Uint8Array[] = [];
  view.on('update', (edit: Uint8Array) => edits.push(edit));
  replaceText(view, room.ana.id, 'note', text);
  view.destroy();
  const sentinel = Y.mergeUpdates(edits);
  const refusedBefore = room.receivers.map((r) => r.device.refused.length);
  const loop = loopGaps();
  const sent = performance.now();
  await room.hostile.send(update);
  await room.hostile.send(sentinel);
  const arrived = (r: Receiver) => r.arrivals.find((t) => t >= sent);
  const relayed = await when(() => room.receivers.every((r) => arrived(r) !== undefined));
  const outcomes = await Promise.all(
    room.receivers.map(async (r, i) => {
      const refused = () => r.device.refused.length > refusedBefore[i]!;
      const shown = () => readEntries(r.device.doc).get(room.ana.id)?.note === text;
      const done = await when(() => refused() || shown());
      const from = arrived(r) ?? sent;
      return { outcome: refused() ? 'refused' : done === null ? 'no answer' : 'applied', ms: done && done - from };
    }),
  );
  const loopMs = loop.stop();
  const devices = outcomes.map((o) => `${o.outcome.padEnd(8)} ${ms(o.ms)} ms`).join('  ');
  console.log(
    `${what.padEnd(34)} relay ${ms(room.relayMs.take())} ms  relayed ${ms(relayed && relayed - sent)} ms  devices ${devices}  loop ${ms(loopMs)} ms`,
  );
  // Both frames handled everywhere before the next attack.
  for (const r of room.receivers) {
    await when(() => readEntries(r.device.doc).get(room.ana.id)?.note === text, 10_000);
  }
  return outcomes.map((o) => o.outcome).join('/');
}

/** Can another writer still reach a reader through this board? */
async function stillSyncs(room: AttackRoom): Promise<string> {
  const [facilitatorBoard, benBoard] = room.devices as [BoardDevice, BoardDevice];
  const text = `still here ${Math.random().toString(36).slice(2, 8)}`;
  replaceText(facilitatorBoard.doc, room.ben.id, 'commitment', text);
  try {
    await untilDoc(benBoard.doc, () => readEntries(benBoard.doc).get(room.ben.id)?.commitment === text, 'relay', 5_000);
    const roots = [...benBoard.doc.share.keys()].join(', ');
    return `yes (${readEntries(benBoard.doc).size} rows, roots: ${roots}; refused from the writer: ${benBoard.refused.length})`;
  } catch (error) {
    return `no: ${(error as Error).message}`;
  }
}

if (rootMessages > 0) {
  console.log(`# ${rootMessages} messages of 5,800 new root types each`);
  const room = await attackRoom();
  for (const [i, update] of rootBombs(rootMessages).entries()) {
    await attack(`roots message ${i + 1} (${update.length} B)`, room, update);
  }
  console.log(`  another writer still syncs: ${await stillSyncs(room)}`);
  closeRoom(room);
}
{
  console.log('# 2,500 nested maps, the top one deleted, in one message');
  const room = await attackRoom();
  await attack('nested maps', room, nestedMapsBomb());
  console.log(`  another writer still syncs: ${await stillSyncs(room)}`);
  closeRoom(room);
}
{
  console.log('# a 60,000-character note');
  const room = await attackRoom();
  const view = room.devices[0]!.doc;
  await attack('60,000 characters', room, longText(copyOf(view), room.ben.id, 60_000));
  const lengths = room.devices.map((d) => readEntries(d.doc).get(room.ben.id)?.note.length);
  console.log(`  note length on the devices: ${lengths.join(', ')}`);
  console.log(`  another writer still syncs: ${await stillSyncs(room)}`);
  closeRoom(room);
}
{
  console.log('# 1,000 structs a million clocks ahead');
  const room = await attackRoom();
  await attack('far-future structs', room, farFuture(copyOf(room.devices[0]!.doc), room.ben.id));
  const pending = room.devices.map((d) => d.doc.store.pendingStructs !== null);
  console.log(`  pending structs kept by the devices: ${pending.join(', ')}`);
  console.log(`  another writer still syncs: ${await stillSyncs(room)}`);
  closeRoom(room);
}
{
  console.log('# 1,900 items placed far from their anchors, over a text of 7,600 tombstones');
  const room = await attackRoom();
  const view = room.devices[0]!.doc;
  for (let i = 0; i < 4; i++) await attack(`tombstones ${i + 1}`, room, tombstones(view, room.ben.id, 1_900));
  await attack('far from anchors', room, scanBomb(view, room.ben.id, 1_900));
  console.log(`  another writer still syncs: ${await stillSyncs(room)}`);
  closeRoom(room);
}
{
  console.log('# a control: one ordinary edit');
  const room = await attackRoom();
  const view = copyOf(room.devices[0]!.doc);
  const updates: Uint8Array[] = [];
  view.on('update', (update: Uint8Array) => updates.push(update));
  replaceText(view, room.ben.id, 'note', 'an ordinary note');
  await attack('one ordinary edit', room, Y.mergeUpdates(updates));
  closeRoom(room);
}

await server.close();
process.exit(0);
