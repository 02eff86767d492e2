import { z } from 'zod';
import type { SupportResource } from '../../shared/src/protocol/rest.ts';
import { type BoardLimits, defaultBoardLimits } from './board/limits.ts';
import { type DoorLimits, defaultDoorLimits } from './rooms/doorBudget.ts';
import { type SealKeys, sealKeysFrom } from './resume/sealKeys.ts';

/** One Socket.IO connection's budgets, and a member's share of connections [RC5]. */
export interface SocketLimits {
  /** Messages one connection may send: a burst, then a rate; beyond it RATE_LIMITED. */
  messageBurst: number;
  messagesPerSecond: number;
  /** Connections one member may hold; a new one beyond lets the oldest go. */
  socketsPerMember: number;
  /** Packets waiting for a connection that stopped reading before it is let go. */
  slowConsumerPackets: number;
}

export const defaultSocketLimits: SocketLimits = {
  messageBurst: 100,
  messagesPerSecond: 20,
  socketsPerMember: 4,
  slowConsumerPackets: 256,
};

/** What the HTTP server gives any TCP connection, before it is anyone's [RC5]. */
export interface HttpLimits {
  /** A request's headers must arrive within this, or the connection closes (408). */
  headersTimeoutMs: number;
  /** A whole request must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection closes after this. */
  keepAliveTimeoutMs: number;
  /**
   * TCP connections the process holds at once, whoever they are from; beyond it a new one is
   * answered 503 and closed. Keep it below the process's open-file limit (main.ts derives it).
   */
  maxConnections: number;
}

export const defaultHttpLimits: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 10_000,
  maxConnections: 20_000,
};

export interface ServerConfig {
  capacity: number;
  emptyGraceMs: number;
  /** A room whose creator never joins ends after this. */
  unclaimedGraceMs: number;
  /** A knock nobody answers lapses after this. */
  knockTtlMs: number;
  /** What one address may do at one room's door: knocks waiting, knocks made, the wait after a decline. */
  door: DoorLimits;
  maxLifetimeMs: number;
  maxRooms: number;
  /** Rooms one address may create: a burst, then this many a minute. */
  roomCreationBurst: number;
  roomCreationsPerMinute: number;
  /** Rooms created from one address that may be alive at once. */
  roomsAlivePerAddress: number;
  /** Open TCP connections from one address (or one IPv6 /64): pages and Socket.IO alike. */
  connectionsPerAddress: number;
  /** IPv6 addresses share budgets by this prefix length: one home or phone network gets a /64. */
  ipv6BudgetPrefix: number;
  /** Connections one address may open (Socket.IO handshakes): a burst, then a rate. */
  connectionBurstPerAddress: number;
  connectionsOpenedPerMinute: number;
  /** A connection that has neither joined nor shown a member's secret by then is closed. */
  joinDeadlineMs: number;
  /** Commands one member may send across all their connections: a burst, then a rate. */
  memberCommandBurst: number;
  memberCommandsPerSecond: number;
  socket: SocketLimits;
  board: BoardLimits;
  http: HttpLimits;
  /** Pages allowed to open sockets (Origin header); empty: only the server's own origin. */
  allowedOrigins: string[];
  /** Behind one reverse proxy: take the client address from the last hop of X-Forwarded-For. */
  trustProxy: boolean;
  supportResources: SupportResource[];
  /** Folder of the built client, served at /; null to serve no pages (API only). */
  clientDir: string | null;
  /**
   * Keys every process shares to seal each room's state for its members (`HOLDSPACE_SEAL_KEYS`).
   * With them a room outlives its process: another (or this one, restarted) brings it back from
   * its members' devices. Without them a restart ends every room.
   */
  sealKeys: SealKeys | null;
  /** A process bringing a room back waits this long after the first valid offer for a newer one (not for the facilitator's). */
  resumeWindowMs: number;
  /** After SIGTERM (sealing on), live rooms stay this long, then move to another process. */
  drainMs: number;
  /** The TCP port of the HAProxy agent that says whether this process is draining; null for none. */
  agentPort: number | null;
}

export const defaultSupportResources: SupportResource[] = [
  {
    label: 'If someone may be in danger now',
    detail: 'Call your local emergency number, or stay with them and get help on site.',
  },
  {
    label: 'Physician Support Line (US)',
    detail:
      'Free, confidential peer support by volunteer psychiatrists for physicians and medical students: 1-888-409-0141.',
    href: 'tel:+18884090141',
  },
  {
    label: 'Your program or employer',
    detail: 'Your wellness office or employee assistance programme can connect you with confidential care.',
  },
];

export const defaultConfig: ServerConfig = {
  capacity: 12,
  emptyGraceMs: 10 * 60_000,
  unclaimedGraceMs: 5 * 60_000,
  knockTtlMs: 15 * 60_000,
  door: defaultDoorLimits,
  maxLifetimeMs: 6 * 60 * 60_000,
  maxRooms: 5_000,
  roomCreationBurst: 20,
  roomCreationsPerMinute: 6,
  roomsAlivePerAddress: 50,
  connectionsPerAddress: 100,
  ipv6BudgetPrefix: 64,
  connectionBurstPerAddress: 60,
  connectionsOpenedPerMinute: 600,
  joinDeadlineMs: 10_000,
  memberCommandBurst: 40,
  memberCommandsPerSecond: 10,
  socket: defaultSocketLimits,
  board: defaultBoardLimits,
  http: defaultHttpLimits,
  allowedOrigins: [],
  trustProxy: false,
  supportResources: defaultSupportResources,
  clientDir: null,
  sealKeys: null,
  resumeWindowMs: 1_500,
  drainMs: 10 * 60_000,
  agentPort: null,
};

const SupportResources = z
  .array(
    z.strictObject({
      label: z.string().min(1).max(80),
      detail: z.string().max(300),
      href: z.string().max(200).optional(),
    }),
  )
  .max(10);

const MINUTE = 60_000;
const positiveInt = z.coerce.number().int().positive();
const Origins = z.array(z.url()).max(20);

/** An optional whole number from the environment, or the default. */
function intFrom(value: string | undefined, fallback: number, schema = positiveInt): number {
  return value ? schema.parse(value) : fallback;
}

/** A group of numeric limits, each read from the variable `names` gives it, or its default. */
function limitsFrom<T extends object>(
  env: Record<string, string | undefined>,
  defaults: T,
  names: { [K in keyof T]: string },
): T {
  const read = Object.entries(defaults).map(([key, fallback]) => [
    key,
    intFrom(env[names[key as keyof T]], fallback as number),
  ]);
  return Object.fromEntries(read) as T;
}

/** Reads the operator's settings from an environment (main.ts passes process.env). */
export function configFromEnv(env: Record<string, string | undefined>, clientDir: string): ServerConfig {
  return {
    capacity: env.HOLDSPACE_CAPACITY ? positiveInt.max(50).parse(env.HOLDSPACE_CAPACITY) : defaultConfig.capacity,
    emptyGraceMs: intFrom(env.HOLDSPACE_EMPTY_GRACE_MINUTES, defaultConfig.emptyGraceMs / MINUTE) * MINUTE,
    unclaimedGraceMs: intFrom(env.HOLDSPACE_UNCLAIMED_MINUTES, defaultConfig.unclaimedGraceMs / MINUTE) * MINUTE,
    knockTtlMs: intFrom(env.HOLDSPACE_KNOCK_MINUTES, defaultConfig.knockTtlMs / MINUTE) * MINUTE,
    door: {
      knocksPerAddress: intFrom(env.HOLDSPACE_KNOCKS_PER_ADDRESS, defaultDoorLimits.knocksPerAddress),
      knockBurst: intFrom(env.HOLDSPACE_KNOCK_BURST, defaultDoorLimits.knockBurst),
      knocksPerMinute: intFrom(env.HOLDSPACE_KNOCKS_PER_MINUTE, defaultDoorLimits.knocksPerMinute),
      declineCooldownMs:
        intFrom(env.HOLDSPACE_DECLINE_COOLDOWN_SECONDS, defaultDoorLimits.declineCooldownMs / 1000) * 1000,
    },
    maxLifetimeMs: env.HOLDSPACE_MAX_LIFETIME_HOURS
      ? positiveInt.max(48).parse(env.HOLDSPACE_MAX_LIFETIME_HOURS) * 3_600_000
      : defaultConfig.maxLifetimeMs,
    maxRooms: intFrom(env.HOLDSPACE_MAX_ROOMS, defaultConfig.maxRooms),
    roomCreationBurst: intFrom(env.HOLDSPACE_ROOMS_BURST, defaultConfig.roomCreationBurst),
    roomCreationsPerMinute: intFrom(env.HOLDSPACE_ROOMS_PER_MINUTE, defaultConfig.roomCreationsPerMinute),
    roomsAlivePerAddress: intFrom(env.HOLDSPACE_ROOMS_ALIVE_PER_ADDRESS, defaultConfig.roomsAlivePerAddress),
    connectionsPerAddress: intFrom(env.HOLDSPACE_CONNECTIONS_PER_ADDRESS, defaultConfig.connectionsPerAddress),
    ipv6BudgetPrefix: intFrom(env.HOLDSPACE_IPV6_BUDGET_PREFIX, defaultConfig.ipv6BudgetPrefix, positiveInt.max(128)),
    connectionBurstPerAddress: intFrom(env.HOLDSPACE_CONNECTION_BURST, defaultConfig.connectionBurstPerAddress),
    connectionsOpenedPerMinute: intFrom(
      env.HOLDSPACE_CONNECTIONS_OPENED_PER_MINUTE,
      defaultConfig.connectionsOpenedPerMinute,
    ),
    joinDeadlineMs: intFrom(env.HOLDSPACE_JOIN_DEADLINE_SECONDS, defaultConfig.joinDeadlineMs / 1000) * 1000,
    memberCommandBurst: intFrom(env.HOLDSPACE_MEMBER_COMMAND_BURST, defaultConfig.memberCommandBurst),
    memberCommandsPerSecond: intFrom(env.HOLDSPACE_MEMBER_COMMANDS_PER_SECOND, defaultConfig.memberCommandsPerSecond),
    socket: limitsFrom(env, defaultSocketLimits, {
      messageBurst: 'HOLDSPACE_SOCKET_MESSAGE_BURST',
      messagesPerSecond: 'HOLDSPACE_SOCKET_MESSAGES_PER_SECOND',
      socketsPerMember: 'HOLDSPACE_SOCKETS_PER_MEMBER',
      slowConsumerPackets: 'HOLDSPACE_SLOW_CONSUMER_PACKETS',
    }),
    board: limitsFrom(env, defaultBoardLimits, {
      maxFrameBytes: 'HOLDSPACE_BOARD_MAX_FRAME_BYTES',
      maxAwarenessBytes: 'HOLDSPACE_BOARD_MAX_AWARENESS_BYTES',
      subscriptionsPerMember: 'HOLDSPACE_BOARD_SUBSCRIPTIONS_PER_MEMBER',
      streamsPerMember: 'HOLDSPACE_BOARD_STREAMS_PER_MEMBER',
      updateBurst: 'HOLDSPACE_BOARD_UPDATE_BURST',
      updatesPerSecond: 'HOLDSPACE_BOARD_UPDATES_PER_SECOND',
      updateBytesBurst: 'HOLDSPACE_BOARD_UPDATE_BYTES_BURST',
      updateBytesPerSecond: 'HOLDSPACE_BOARD_UPDATE_BYTES_PER_SECOND',
      awarenessMemberBurst: 'HOLDSPACE_AWARENESS_MEMBER_BURST',
      awarenessMemberPerSecond: 'HOLDSPACE_AWARENESS_MEMBER_PER_SECOND',
      awarenessRoomBurst: 'HOLDSPACE_AWARENESS_ROOM_BURST',
      awarenessRoomPerSecond: 'HOLDSPACE_AWARENESS_ROOM_PER_SECOND',
      awarenessFlushMs: 'HOLDSPACE_AWARENESS_FLUSH_MS',
      socketFrameBurst: 'HOLDSPACE_BOARD_SOCKET_FRAME_BURST',
      socketFramesPerSecond: 'HOLDSPACE_BOARD_SOCKET_FRAMES_PER_SECOND',
      tailSnapshotFrames: 'HOLDSPACE_BOARD_TAIL_SNAPSHOT_FRAMES',
      tailSnapshotBytes: 'HOLDSPACE_BOARD_TAIL_SNAPSHOT_BYTES',
      tailMaxFrames: 'HOLDSPACE_BOARD_TAIL_MAX_FRAMES',
      tailMaxBytes: 'HOLDSPACE_BOARD_TAIL_MAX_BYTES',
      snapshotMaxParts: 'HOLDSPACE_BOARD_SNAPSHOT_MAX_PARTS',
      openBurst: 'HOLDSPACE_BOARD_OPEN_BURST',
      opensPerSecond: 'HOLDSPACE_BOARD_OPENS_PER_SECOND',
    }),
    http: limitsFrom(env, defaultHttpLimits, {
      headersTimeoutMs: 'HOLDSPACE_HEADERS_TIMEOUT_MS',
      requestTimeoutMs: 'HOLDSPACE_REQUEST_TIMEOUT_MS',
      keepAliveTimeoutMs: 'HOLDSPACE_KEEP_ALIVE_TIMEOUT_MS',
      maxConnections: 'HOLDSPACE_MAX_CONNECTIONS',
    }),
    allowedOrigins: env.HOLDSPACE_ALLOWED_ORIGINS
      ? Origins.parse(env.HOLDSPACE_ALLOWED_ORIGINS.split(',').map((o) => o.trim()))
      : defaultConfig.allowedOrigins,
    trustProxy: env.HOLDSPACE_TRUST_PROXY === 'true',
    supportResources: env.HOLDSPACE_SUPPORT_RESOURCES
      ? SupportResources.parse(JSON.parse(env.HOLDSPACE_SUPPORT_RESOURCES))
      : defaultConfig.supportResources,
    clientDir,
    sealKeys: sealKeysFrom(env.HOLDSPACE_SEAL_KEYS),
    resumeWindowMs: intFrom(env.HOLDSPACE_RESUME_WINDOW_MS, defaultConfig.resumeWindowMs),
    drainMs: intFrom(env.HOLDSPACE_DRAIN_SECONDS, defaultConfig.drainMs / 1000) * 1000,
    agentPort: env.HOLDSPACE_AGENT_PORT ? positiveInt.max(65535).parse(env.HOLDSPACE_AGENT_PORT) : null,
  };
}
