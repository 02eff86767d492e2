import { request } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKeyOf } from '../../shared/src/crypto/routeKey.ts';
import type { CreateRoomResponse } from '../../shared/src/protocol/rest.ts';
import { type Cluster, startCluster } from '../helpers/cluster.ts';
import { type Routing, TestMember } from '../helpers/member.ts';
import { withoutPresence } from '../helpers/room.ts';
import { postJson } from '../helpers/server.ts';

/** HAProxy lets one address hold 100 connections: each room's devices come from an address of its own. */
let roomsMade = 0;
const nextAddress = () => `127.0.3.${++roomsMade}`;

interface ClusterRoom {
  roomId: string;
  key: string;
  everyone: TestMember[];
  routing: Routing;
}

let cluster: Cluster;
const rooms: ClusterRoom[] = [];

/** A room made through the proxy, its creator and two more members in it, as the page does it. */
async function roomThroughProxy(names = ['Ana', 'Ben']): Promise<ClusterRoom> {
  const routing = { routed: true, localAddress: nextAddress() };
  const body = { templateId: 'weekly-45', purpose: 'A cluster group', tokensPerMember: 3, admission: 'open' };
  const { status, text } = await postJson(`${cluster.url}/api/rooms`, body, routing.localAddress);
  expect(status).toBe(201);
  const created = JSON.parse(text) as CreateRoomResponse;
  const { roomId, secret, genesis } = created;
  const creator = await TestMember.connect(cluster.url, roomId, secret, undefined, { ...routing, genesis });
  const reply = await creator.socket.emitWithAck('room:join', creator.joinRequest('Fran'));
  if (!reply.ok || !('secret' in reply)) throw new Error(`creator join: ${JSON.stringify(reply)}`);
  creator.secret = reply.secret;
  await creator.until(() => creator.state !== null, 'creator in');
  const everyone = [creator];
  for (const name of names) everyone.push(await TestMember.join(cluster.url, roomId, name, undefined, routing));
  const version = Math.max(...everyone.map((m) => m.state!.version));
  await Promise.all(everyone.map((m) => m.until(() => m.state!.version >= version, 'all joined')));
  return { roomId, key: await routeKeyOf(roomId), everyone, routing };
}

/** Round trips of one command in a room, in ms, one after another: the facilitator names and unnames a scribe. */
async function roundTrips(facilitator: TestMember, count: number): Promise<number[]> {
  const scribe = facilitator.state!.members.find((m) => m.id !== facilitator.id)!.id;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await facilitator.do({ type: 'role:scribe', memberId: facilitator.state!.scribeId === null ? scribe : null });
    times.push(performance.now() - start);
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function getStatus(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(`${cluster.url}${path}`, { headers: { connection: 'close', ...headers }, agent: false });
    sent.once('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.once('error', reject);
    sent.end();
  });
}

beforeAll(async () => {
  cluster = await startCluster({ nodes: 3, env: { HOLDSPACE_DRAIN_SECONDS: '600' } });
}, 120_000);

afterAll(async () => {
  for (const room of rooms) for (const m of room.everyone) m.close();
  await cluster?.stop();
}, 60_000);

describe('[RS5] three processes behind HAProxy', () => {
  it('30 rooms made through the proxy spread over the nodes, every connection of a room on its node', async () => {
    for (let i = 0; i < 30; i++) rooms.push(await roomThroughProxy());
    const routes = await cluster.routes();
    const perNode = new Map<string, number>();
    for (const room of rooms) {
      const node = routes.get(room.key);
      expect(node, 'every room has its node in the stick table').toBeDefined();
      perNode.set(node!, (perNode.get(node!) ?? 0) + 1);
      // One process holds the room: every member's device sees all three members, at one version.
      const [first, ...others] = room.everyone;
      for (const m of others) expect(m.state!.members.map((x) => x.id)).toEqual(first!.state!.members.map((x) => x.id));
    }
    expect([...perNode.keys()].sort()).toEqual(['node1', 'node2', 'node3']);
    for (const count of perNode.values()) expect(count).toBeGreaterThanOrEqual(3);
    console.log(`rooms per node: ${[...perNode].map(([n, c]) => `${n} ${c}`).join(', ')}`);
  }, 120_000);

  it('a request without a routing key is refused by the proxy', async () => {
    expect(await getStatus('/socket.io/?EIO=4&transport=polling')).toBe(400);
    expect(await getStatus('/socket.io/?EIO=4&transport=websocket', { 'sec-websocket-protocol': 'holdspace' })).toBe(
      400,
    );
    expect(await getStatus('/healthz')).toBe(200);
  });

  it('a routing key that is not the room’s is refused by the process, so no room is brought to life elsewhere', async () => {
    const [mine, other] = rooms as [ClusterRoom, ClusterRoom];
    const socket = io(cluster.url, {
      auth: { roomId: mine.roomId, secret: mine.everyone[1]!.secret },
      transports: ['websocket'],
      protocols: ['holdspace', other.key],
      reconnection: false,
      forceNew: true,
    });
    const refused = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.disconnect();
    expect(refused.message).toBe('WRONG_ROUTE');
  });
});

describe('[RS1][RS2] a node dies mid-session', () => {
  it('its rooms resume on the others within 5 s, the same; a removed member and a forged seal are refused; other rooms do not notice', async () => {
    const routes = await cluster.routes();
    const victim = 'node1';
    const doomed = rooms.filter((r) => routes.get(r.key) === victim);
    const spared = rooms.find((r) => routes.get(r.key) !== victim)!;
    expect(doomed.length).toBeGreaterThan(0);
    // Mid-session: the session started, a hand up in each doomed room; in the first, someone removed.
    for (const room of doomed) {
      const [fran, ana] = room.everyone as [TestMember, TestMember];
      await fran.do({ type: 'session:start' });
      await fran.do({ type: 'role:scribe', memberId: ana.id });
    }
    const target = doomed[0]!;
    const removed = target.everyone[2]!;
    removed.socket.off('room:event');
    await target.everyone[0]!.do({ type: 'member:remove', memberId: removed.id });
    target.everyone.pop();
    const before = new Map(doomed.map((r) => [r.roomId, r.everyone[0]!.state!]));

    const quietBefore = await roundTrips(spared.everyone[0]!, 20);
    const killedAt = performance.now();
    const quietDuring = roundTrips(spared.everyone[0]!, 20);
    await cluster.kill(victim, 'SIGKILL');

    // Before anyone else, a member of the first room offers its state rewritten (more tokens) under the true seal.
    await Promise.all(target.everyone.map((m) => m.until(() => !m.socket.connected, 'disconnected', 10_000)));
    const forger = await target.everyone[1]!.moveTo(cluster.url, null, target.routing);
    await forger.until(() => forger.challenge !== null, 'room:unknown', 10_000);
    const held = target.everyone[1]!.state!;
    const forged = {
      ...forger.resumeRequest(forger.challenge!, false),
      sealed: { state: { ...held, tokensPerMember: 99 } as never, seal: target.everyone[1]!.seals.get(held.version)! },
    };
    expect(await forger.socket.emitWithAck('room:resume', forged)).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });
    forger.close();

    // Every device of a doomed room connects again through the proxy, as the page does.
    const movedRooms = await Promise.all(
      doomed.map(async (room) => {
        await Promise.all(room.everyone.map((m) => m.until(() => !m.socket.connected, 'disconnected', 10_000)));
        const moved = await Promise.all(room.everyone.map((m) => m.moveTo(cluster.url, 'mine', room.routing)));
        await Promise.all(moved.map((m) => m.until(() => m.state !== null, 'the room back', 10_000))).catch((e) => {
          console.log(
            'DEBUG',
            JSON.stringify(
              moved.map((m) => ({
                r: m.resumed,
                miss: m.missing,
                ch: m.challenge,
                c: m.socket.connected,
                p: m.preview !== null,
                f: m.frames.map((x) => x.event),
              })),
            ),
          );
          for (const n of cluster.nodes) console.log(n.name, n.stdout.text.slice(-1500), n.stderr.text.slice(-1500));
          throw e;
        });
        return { ...room, everyone: moved, resumedAt: performance.now() };
      }),
    );
    const slowest = Math.max(...movedRooms.map((r) => r.resumedAt - killedAt));
    console.log(`${doomed.length} rooms resumed, the last ${Math.round(slowest)} ms after the kill`);
    expect(slowest).toBeLessThan(5_000);
    const afterRoutes = await cluster.routes();
    for (const room of movedRooms) {
      expect(afterRoutes.get(room.key)).not.toBe(victim);
      const state = room.everyone[0]!.state!;
      expect(withoutPresence(state)).toEqual(withoutPresence(before.get(room.roomId)!));
      // The room goes on.
      await room.everyone[0]!.do({ type: 'role:scribe', memberId: null });
    }

    // The removed member's device offers the state from before its removal: it is not let in.
    const ghost = await removed.moveTo(cluster.url, 'mine', target.routing);
    await ghost.until(() => ghost.resumed !== null, 'an answer', 10_000);
    expect(ghost.resumed).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });
    expect(ghost.state).toBeNull();
    ghost.close();
    const during = await quietDuring;
    console.log(
      `a room on another node, command round trip: median ${median(quietBefore).toFixed(1)} ms before, ${median(during).toFixed(1)} ms while ${doomed.length} rooms moved`,
    );
    expect(median(during)).toBeLessThan(Math.max(50, 4 * median(quietBefore)));
    rooms.splice(0, rooms.length, ...rooms.map((r) => movedRooms.find((m) => m.roomId === r.roomId) ?? r));
  }, 120_000);

  it('a node that returns takes no room back', async () => {
    const routesBefore = await cluster.routes();
    await cluster.restart('node1');
    await cluster.waitForServer('node1', 'up');
    // Every member of every room connects again: each lands where its room is.
    for (const room of rooms) {
      const device = room.everyone[1]!;
      const again = await device.moveTo(cluster.url, 'mine', room.routing);
      await again.until(() => again.state !== null, 'back in the room', 10_000);
      again.close();
    }
    const routesAfter = await cluster.routes();
    for (const room of rooms) expect(routesAfter.get(room.key)).toBe(routesBefore.get(room.key));
    expect([...routesAfter.values()]).not.toContain('node1');
  }, 120_000);
});

describe('[RS4] draining', () => {
  it('a draining node keeps its rooms while new rooms go elsewhere', async () => {
    const routes = await cluster.routes();
    const draining = 'node2';
    const kept = rooms.filter((r) => routes.get(r.key) === draining);
    expect(kept.length).toBeGreaterThan(0);
    // SIGTERM drains: the process stays up with its rooms (it exits once they end or the drain time passes).
    cluster.node(draining).process.kill('SIGTERM');
    await cluster.waitForServer(draining, 'draining');
    const fresh: ClusterRoom[] = [];
    for (let i = 0; i < 9; i++) fresh.push(await roomThroughProxy([]));
    const after = await cluster.routes();
    for (const room of fresh) expect(after.get(room.key)).not.toBe(draining);
    // Its rooms are still there, and a device connecting again still reaches them.
    for (const room of kept) {
      await room.everyone[0]!.do({
        type: 'role:scribe',
        memberId: room.everyone[0]!.state!.scribeId ? null : room.everyone[1]!.id,
      });
      const again = await room.everyone[1]!.moveTo(cluster.url, 'mine', room.routing);
      await again.until(() => again.state !== null, 'back in the room', 10_000);
      // The same life of the room on the same process: not a second copy brought back elsewhere.
      expect(again.incarnation).toBe(room.everyone[1]!.incarnation);
      expect((await cluster.routes()).get(room.key)).toBe(draining);
      again.close();
    }
    rooms.push(...fresh);
  }, 120_000);
});
