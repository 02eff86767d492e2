import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { BoardHub } from '../board/boardHub.ts';
import type { BoardRoomOptions } from '../board/boardRoom.ts';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { attachBoardEndpoint } from '../realtime/yjs.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** One commitment board per live room. */
    boards: BoardHub;
  }
}

export interface BoardEndpointOptions {
  clock: Clock;
  config: ServerConfig;
  logger: Logger;
  board?: BoardRoomOptions;
}

const boardEndpointPlugin: FastifyPluginAsync<BoardEndpointOptions> = async (
  fastify,
  { clock, config, logger, board },
) => {
  const { registry, gate, openings, refusals } = fastify;
  const onRecovered = (outcome: 'rebuilt' | 'lost') =>
    logger.log(outcome === 'rebuilt' ? 'board.rebuilt' : 'board.lost');
  const boards = new BoardHub(registry, clock, config.board, { onRecovered, ...board });
  const endpoint = attachBoardEndpoint(fastify.server, {
    registry,
    boards,
    clock,
    config,
    gate,
    openings,
    refusals,
  });
  fastify.decorate('boards', boards);

  // The HTTP server cannot finish closing while a WebSocket is open: terminate them before it does.
  fastify.addHook('preClose', async () => endpoint.close());
};

/**
 * The commitment boards, shared as `fastify.boards`, and their y-websocket endpoint on
 * `fastify.server`. A board is made and destroyed with its room, so this needs the registry.
 */
export const boardEndpoint = fp(boardEndpointPlugin, {
  name: 'board-endpoint',
  fastify: '5.x',
  dependencies: ['edge-limits', 'room-registry'],
});
