import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { BoardHub } from '../board/boardHub.ts';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** One encrypted board relay per live room. */
    boards: BoardHub;
  }
}

export interface BoardsOptions {
  clock: Clock;
  config: ServerConfig;
}

const boardsPlugin: FastifyPluginAsync<BoardsOptions> = async (fastify, { clock, config }) => {
  fastify.decorate('boards', new BoardHub(fastify.registry, clock, config.board, fastify.refusals));
};

/**
 * The rooms' board relays, shared as `fastify.boards`; members reach them over their Socket.IO
 * connection. Registered before Socket.IO, so at shutdown each board's subscribers hear 4410
 * before their room's sockets close.
 */
export const boards = fp(boardsPlugin, {
  name: 'boards',
  fastify: '5.x',
  dependencies: ['edge-limits', 'room-registry'],
});
