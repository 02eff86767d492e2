import { z } from 'zod';
import type { SupportResource } from '../../shared/src/protocol/rest.ts';

export interface ServerConfig {
  capacity: number;
  emptyGraceMs: number;
  maxLifetimeMs: number;
  maxRooms: number;
  /** Rooms one address may create: a burst, then this many a minute. */
  roomCreationBurst: number;
  roomCreationsPerMinute: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  supportResources: SupportResource[];
  /** Folder of the built client, served at /; null to serve no pages (API only). */
  clientDir: string | null;
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
  maxLifetimeMs: 6 * 60 * 60_000,
  maxRooms: 5_000,
  roomCreationBurst: 20,
  roomCreationsPerMinute: 6,
  trustProxy: false,
  supportResources: defaultSupportResources,
  clientDir: null,
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

const positiveInt = z.coerce.number().int().positive();

/** Reads the operator's settings from an environment (main.ts passes process.env). */
export function configFromEnv(env: Record<string, string | undefined>, clientDir: string): ServerConfig {
  return {
    capacity: env.HOLDSPACE_CAPACITY ? positiveInt.max(50).parse(env.HOLDSPACE_CAPACITY) : defaultConfig.capacity,
    emptyGraceMs: env.HOLDSPACE_EMPTY_GRACE_MINUTES
      ? positiveInt.parse(env.HOLDSPACE_EMPTY_GRACE_MINUTES) * 60_000
      : defaultConfig.emptyGraceMs,
    maxLifetimeMs: env.HOLDSPACE_MAX_LIFETIME_HOURS
      ? positiveInt.max(48).parse(env.HOLDSPACE_MAX_LIFETIME_HOURS) * 3_600_000
      : defaultConfig.maxLifetimeMs,
    maxRooms: env.HOLDSPACE_MAX_ROOMS ? positiveInt.parse(env.HOLDSPACE_MAX_ROOMS) : defaultConfig.maxRooms,
    roomCreationBurst: defaultConfig.roomCreationBurst,
    roomCreationsPerMinute: env.HOLDSPACE_ROOMS_PER_MINUTE
      ? positiveInt.parse(env.HOLDSPACE_ROOMS_PER_MINUTE)
      : defaultConfig.roomCreationsPerMinute,
    trustProxy: env.HOLDSPACE_TRUST_PROXY === 'true',
    supportResources: env.HOLDSPACE_SUPPORT_RESOURCES
      ? SupportResources.parse(JSON.parse(env.HOLDSPACE_SUPPORT_RESOURCES))
      : defaultConfig.supportResources,
    clientDir,
  };
}
