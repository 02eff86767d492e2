/**
 * A node dies with its rooms: 1,000 rooms of three members on two Holdspace processes behind
 * HAProxy, one process killed (SIGKILL). Every device of its rooms connects again through the proxy
 * after the delay Socket.IO's own reconnection waits (0.5–1.5 s) and offers its sealed room back;
 * once all of a room's devices are back, its facilitator's device sends a command. Prints the time
 * from the kill to the last room resumed and the resumed rooms' first command round trips.
 *
 * The devices of 950 rooms live in this process, which is saturated while they all come back, so
 * its round trips say as much about itself as about the servers. The other 50 rooms' devices live
 * in a probe process of their own that does little else: its round trips are the servers' and the
 * proxy's, measured during the same storm.
 *
 *   npx tsx bench/failover.ts [rooms]
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { routeKeyOf } from '../shared/src/crypto/routeKey.ts';
import type { CreateRoomResponse } from '../shared/src/protocol/rest.ts';
import { startCluster } from '../tests/helpers/cluster.ts';
import { processCpuSeconds } from './lib/procStats.ts';
import { TestMember } from '../tests/helpers/member.ts';
import { postJson } from '../tests/helpers/server.ts';

const MEMBERS = 3;
const PROBE_ROOMS = 50;
const generous = '1000000';

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Room {
  key: string;
  devices: TestMember[];
  address: string;
}

/** What one process's devices saw: when each doomed room had all its devices back, and its first command. */
interface Outcome {
  backAfter: number[];
  firstCommand: number[];
  retries: number;
  loopDelayP99: number;
}

/** A room made through the proxy as the page makes it, from `address`, its session started. */
async function makeRoom(url: string, address: string): Promise<Room> {
  const body = { templateId: 'weekly-45', purpose: 'A group', tokensPerMember: 3, admission: 'open' };
  const { status, text } = await postJson(`${url}/api/rooms`, body, address);
  if (status !== 201) throw new Error(`create: ${status} ${text}`);
  const { roomId, secret, genesis } = JSON.parse(text) as CreateRoomResponse;
  const creator = await TestMember.connect(url, roomId, secret, address, { routed: true, genesis });
  const reply = await creator.socket.emitWithAck('room:join', creator.joinRequest('Fran'));
  if (!reply.ok || !('secret' in reply)) throw new Error('creator join refused');
  creator.secret = reply.secret;
  await creator.until(() => creator.state !== null, 'creator in', 30_000);
  const devices = [creator];
  for (let m = 1; m < MEMBERS; m++) {
    const member = await TestMember.connect(url, roomId, undefined, address, { routed: true });
    const joined = await member.socket.emitWithAck('room:join', member.joinRequest(`Member ${m}`));
    if (!joined.ok || !('secret' in joined)) throw new Error('join refused');
    member.secret = joined.secret;
    await member.until(() => member.state !== null, 'member in', 30_000);
    devices.push(member);
  }
  await creator.do({ type: 'session:start' });
  return { key: await routeKeyOf(roomId), devices, address };
}

async function makeRooms(url: string, count: number, addresses: string[]): Promise<Room[]> {
  const rooms: Room[] = [];
  for (let at = 0; at < count; at += 25) {
    const batch = Array.from({ length: Math.min(25, count - at) }, (_, i) =>
      makeRoom(url, addresses[(at + i) % addresses.length]!),
    );
    rooms.push(...(await Promise.all(batch)));
  }
  return rooms;
}

/** Every device of the doomed rooms connects again, as the page does; each room then sends a command. */
async function comeBack(url: string, doomed: Room[], killedAt: number): Promise<Outcome> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const outcome: Outcome = { backAfter: [], firstCommand: [], retries: 0, loopDelayP99: 0 };
  const again = async (device: TestMember, localAddress: string): Promise<TestMember> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const moved = await device.moveTo(url, 'mine', { routed: true, localAddress });
        await moved.until(() => moved.state !== null, 'the room back', 30_000);
        return moved;
      } catch (error) {
        outcome.retries += 1;
        if (attempt >= 10) throw error;
        await sleep(1_000);
      }
    }
  };
  await Promise.all(
    doomed.map(async (room) => {
      const moved = await Promise.all(
        room.devices.map(async (device) => {
          await device.until(() => !device.socket.connected, 'disconnected', 30_000);
          await sleep(500 + Math.random() * 1000);
          return again(device, room.address);
        }),
      );
      outcome.backAfter.push(Date.now() - killedAt);
      const sent = performance.now();
      await moved[0]!.do({ type: 'role:scribe', memberId: moved[1]!.id });
      outcome.firstCommand.push(performance.now() - sent);
      for (const m of moved) m.close();
    }),
  );
  loop.disable();
  outcome.loopDelayP99 = loop.percentile(99) / 1e6;
  return outcome;
}

/** The probe process: its own rooms, told of the kill by its parent, back through the proxy. */
async function probe(url: string): Promise<void> {
  const addresses = Array.from({ length: 10 }, (_, i) => `127.0.2.${i + 1}`);
  const rooms = await makeRooms(url, PROBE_ROOMS, addresses);
  process.send?.({ kind: 'ready', keys: rooms.map((r) => r.key) });
  const [message] = (await once(process, 'message')) as [{ victimKeys: string[]; killedAt: number }];
  const doomed = rooms.filter((r) => message.victimKeys.includes(r.key));
  process.send?.({ kind: 'done', outcome: await comeBack(url, doomed, message.killedAt) });
  for (const room of rooms) for (const d of room.devices) d.close();
  process.exit(0);
}

async function main(roomCount: number): Promise<void> {
  const cluster = await startCluster({
    nodes: 2,
    env: {
      HOLDSPACE_ROOMS_BURST: generous,
      HOLDSPACE_ROOMS_PER_MINUTE: generous,
      HOLDSPACE_ROOMS_ALIVE_PER_ADDRESS: generous,
      HOLDSPACE_CONNECTIONS_PER_ADDRESS: generous,
      HOLDSPACE_CONNECTION_BURST: generous,
      HOLDSPACE_CONNECTIONS_OPENED_PER_MINUTE: generous,
    },
  });
  try {
    const child = fork(fileURLToPath(import.meta.url), ['--probe', cluster.url], { execArgv: ['--import', 'tsx'] });
    type Message = { kind: 'ready'; keys: string[] } | { kind: 'done'; outcome: Outcome };
    const next = async <K extends Message['kind']>(kind: K) => {
      const [message] = (await once(child, 'message')) as [Message];
      if (message.kind !== kind) throw new Error(`the probe said ${message.kind}, not ${kind}`);
      return message as Extract<Message, { kind: K }>;
    };
    const ready = await next('ready');
    // HAProxy keeps at most 100 connections per source address: the devices spread over 100.
    const addresses = Array.from({ length: 100 }, (_, i) => `127.0.1.${i + 1}`);
    const started = performance.now();
    const rooms = await makeRooms(cluster.url, roomCount - PROBE_ROOMS, addresses);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${roomCount} rooms of ${MEMBERS} made through HAProxy (${rooms.length} here in ${seconds} s, ${PROBE_ROOMS} by the probe)`,
    );
    const routes = await cluster.routes();
    const victim = 'node1';
    const doomed = rooms.filter((r) => routes.get(r.key) === victim);
    const victimKeys = ready.keys.filter((key) => routes.get(key) === victim);
    console.log(`${victim} holds ${doomed.length + victimKeys.length} rooms; it is killed`);

    const survivor = cluster.node('node2').process.pid!;
    const proxy = cluster.proxy.process.pid!;
    const cpuBefore = { survivor: processCpuSeconds(survivor), proxy: processCpuSeconds(proxy) };
    const killedAt = Date.now();
    child.send({ victimKeys, killedAt });
    await cluster.kill(victim, 'SIGKILL');
    const [here, there] = await Promise.all([comeBack(cluster.url, doomed, killedAt), next('done')]);
    const resumedRooms = doomed.length + victimKeys.length;
    const cpu = (pid: number, before: number) => ((processCpuSeconds(pid) - before) * 1000) / resumedRooms;
    const survivorMs = cpu(survivor, cpuBefore.survivor);
    const proxyMs = cpu(proxy, cpuBefore.proxy);
    const probed = there.outcome;
    const all = [...here.backAfter, ...probed.backAfter];
    console.log(
      `all ${all.length} rooms back, every device in, ${(Math.max(...all) / 1000).toFixed(2)} s after the kill ` +
        `(median ${(quantile(all, 0.5) / 1000).toFixed(2)} s; each device waits 0.5–1.5 s first, as Socket.IO does)`,
    );
    const line = (name: string, o: Outcome) =>
      `${name}: a resumed room's first command median ${quantile(o.firstCommand, 0.5).toFixed(1)} ms, ` +
      `p99 ${quantile(o.firstCommand, 0.99).toFixed(1)} ms over ${o.firstCommand.length} rooms; ` +
      `its own event loop late by up to ${o.loopDelayP99.toFixed(0)} ms (p99); ${o.retries} connections tried again`;
    console.log(
      `CPU per room brought back, kill to last room: the surviving node ${survivorMs.toFixed(2)} ms ` +
        `(its ${MEMBERS} devices' connections, offers, seals and signatures checked, snapshots, the first command), HAProxy ${proxyMs.toFixed(2)} ms`,
    );
    console.log(line('probe process', probed));
    console.log(line('loaded process', here));
    for (const room of rooms) for (const d of room.devices) d.close();
  } finally {
    await cluster.stop();
  }
}

if (process.argv[2] === '--probe') await probe(process.argv[3]!);
else await main(Number(process.argv[2] ?? 1000));
