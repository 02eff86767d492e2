import type { FastifyPluginAsync } from 'fastify';
import { Agenda } from '../../../shared/src/protocol/agenda.ts';
import { CreateRoomRequest, type CreateRoomResponse, type PublicConfig } from '../../../shared/src/protocol/rest.ts';
import { findTemplate, initialAgenda } from '../../../shared/src/room/templates.ts';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import { AddressLimiter } from '../limits/addressLimiter.ts';
import { clientAddress } from '../limits/clientAddress.ts';
import { describeIssue } from '../describeIssue.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import { refuse } from '../../../shared/src/room/refusal.ts';

export interface RoomRoutesOptions {
  clock: Clock;
  config: ServerConfig;
}

/** POST /api/rooms creates a room [RM1]; GET /api/config tells the page what the operator set. */
export const roomRoutes: FastifyPluginAsync<RoomRoutesOptions> = async (fastify, { clock, config }) => {
  // Fails at boot, not at the first request, if the registry plugin is missing.
  const registry = fastify.getDecorator<RoomRegistry>('registry');
  const limiter = new AddressLimiter(clock, config.roomCreationBurst, config.roomCreationsPerMinute);
  fastify.post('/api/rooms', async (request, reply) => {
    const address = clientAddress(request.raw, config);
    if (!limiter.allow(address)) {
      fastify.refusals.count('RATE_LIMITED');
      return reply.code(429).send(refuse('tooManyRoomsMade'));
    }
    const parsed = CreateRoomRequest.safeParse(request.body);
    if (!parsed.success) {
      fastify.refusals.count('BAD_INPUT');
      return reply.code(400).send(refuse('badInput', describeIssue(parsed.error)));
    }
    if (registry.draining) {
      fastify.refusals.count('draining');
      return reply.code(503).send(refuse('serverDraining'));
    }
    if (registry.isFull) {
      fastify.refusals.count('ROOM_FULL');
      return reply.code(503).send(refuse('serverFull'));
    }
    if (registry.holdsItsShare(address)) {
      fastify.refusals.count('RATE_LIMITED');
      return reply.code(429).send(refuse('tooManyRoomsOpen'));
    }
    const {
      templateId,
      purpose,
      tokensPerMember,
      admission,
      agenda,
      includeGroundRules,
      meeting,
      resources,
      minAnswers,
    } = parsed.data;
    const phases = agenda ?? findTemplate(templateId, meeting).phases;
    // The whole agenda, ground rules included, must be one the lobby editor can still send back.
    const combined = Agenda.safeParse(initialAgenda(phases, includeGroundRules));
    if (!combined.success) {
      fastify.refusals.count('BAD_INPUT');
      return reply.code(400).send(refuse('badInput', `agenda: ${describeIssue(combined.error)}`));
    }
    const room = {
      purpose,
      tokensPerMember,
      admission,
      agenda: combined.data,
      meeting,
      resources,
      templateId,
      minAnswers,
    };
    const created: CreateRoomResponse = registry.create(room, address);
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  fastify.get('/api/config', async () => {
    const body: PublicConfig = { supportResources: config.supportResources, capacity: config.capacity };
    return body;
  });
};
