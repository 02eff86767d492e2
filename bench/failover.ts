/**
 * A node dies with its rooms: 1,000 rooms of three members on two Holdspace processes behind
 * HAProxy, one process killed (SIGKILL). Every device of its rooms connects again through the proxy
 * after the delay Socket.IO's own reconnection waits (0.5–1.5 s), offers its sealed room back, and
 * the facilitator's device sends a command as soon as the room is back. Prints the time from the
 * kill to the last room resumed, and the resumed rooms' first command round trips.
 *
 *   npx tsx bench/failover.ts [rooms]
 */
import type { CreateRoomResponse } from '../shared/src/protocol/rest.ts';
import { routeKeyOf } from '../shared/src/crypto/routeKey.ts';
import { startCluster } from '../tests/helpers/cluster.ts';
import { TestMember } from '../tests/helpers/member.ts';
import { postJson } from '../tests/helpers/server.ts';

const roomCount = Number(process.argv[2] ?? 1000);
const MEMBERS = 3;
/** Source addresses the devices come from: HAProxy keeps at most 100 connections per address. */
const addresses = Array.from({ length: 100 }, (_, i) => `127.0.1.${i + 1}`);
const generous = '1000000';

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Room {
  roomId: string;
  key: string;
  devices: TestMember[];
  address: string;
}

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

async function makeRoom(index: number): Promise<Room> {
  const address = addresses[index % addresses.length]!;
  const body = { templateId: 'weekly-45', purpose: 'A group', tokensPerMember: 3, admission: 'open' };
  const { status, text } = await postJson(`${cluster.url}/api/rooms`, body, address);
  if (status !== 201) throw new Error(`create: ${status} ${text}`);
  const { roomId, secret, genesis } = JSON.parse(text) as CreateRoomResponse;
  const routing = { routed: true, genesis };
  const creator = await TestMember.connect(cluster.url, roomId, secret, address, routing);
  const reply = await creator.socket.emitWithAck('room:join', creator.joinRequest('Fran'));
  if (!reply.ok || !('secret' in reply)) throw new Error('creator join refused');
  creator.secret = reply.secret;
  await creator.until(() => creator.state !== null, 'creator in', 30_000);
  const devices = [creator];
  for (let m = 1; m < MEMBERS; m++) {
    const member = await TestMember.connect(cluster.url, roomId, undefined, address, { routed: true });
    const joined = await member.socket.emitWithAck('room:join', member.joinRequest(`Member ${m}`));
    if (!joined.ok || !('secret' in joined)) throw new Error('join refused');
    member.secret = joined.secret;
    await member.until(() => member.state !== null, 'member in', 30_000);
    devices.push(member);
  }
  await creator.do({ type: 'session:start' });
  return { roomId, key: await routeKeyOf(roomId), devices, address };
}

try {
  const rooms: Room[] = [];
  const started = performance.now();
  for (let at = 0; at < roomCount; at += 25) {
    const batch = Array.from({ length: Math.min(25, roomCount - at) }, (_, i) => makeRoom(at + i));
    rooms.push(...(await Promise.all(batch)));
  }
  console.log(
    `${rooms.length} rooms of ${MEMBERS} made through HAProxy in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const routes = await cluster.routes();
  const victim = 'node1';
  const doomed = rooms.filter((r) => routes.get(r.key) === victim);
  console.log(`node1 holds ${doomed.length} rooms, node2 ${rooms.length - doomed.length}`);

  const killedAt = performance.now();
  await cluster.kill(victim, 'SIGKILL');
  const resumedAfter: number[] = [];
  const everyoneAfter: number[] = [];
  const firstCommand: number[] = [];
  await Promise.all(
    doomed.map(async (room) => {
      const moved = await Promise.all(
        room.devices.map(async (device) => {
          await device.until(() => !device.socket.connected, 'disconnected', 30_000);
          await sleep(500 + Math.random() * 1000);
          const again = await device.moveTo(cluster.url, 'mine', { routed: true });
          await again.until(() => again.state !== null, 'the room back', 30_000);
          return again;
        }),
      );
      const back = performance.now() - killedAt;
      everyoneAfter.push(back);
      const facilitator = moved[0]!;
      const sent = performance.now();
      await facilitator.do({ type: 'role:scribe', memberId: moved[1]!.id });
      firstCommand.push(performance.now() - sent);
      resumedAfter.push(back);
      for (const m of moved) m.close();
    }),
  );
  const all = Math.max(...everyoneAfter);
  console.log(
    `resumed ${doomed.length} rooms: the last with all its devices ${(all / 1000).toFixed(2)} s after the kill ` +
      `(median ${(quantile(everyoneAfter, 0.5) / 1000).toFixed(2)} s; the devices wait 0.5–1.5 s before connecting again)`,
  );
  console.log(
    `a resumed room's first command: median ${quantile(firstCommand, 0.5).toFixed(1)} ms, p99 ${quantile(firstCommand, 0.99).toFixed(1)} ms`,
  );
  for (const room of rooms) for (const d of room.devices) d.close();
} finally {
  await cluster.stop();
}
