import type { ZodType } from 'zod';
import type { Ack } from '../../../shared/src/protocol/socket.ts';
import type { Logger } from '../log.ts';
import { describeIssue, refusal } from '../refusals.ts';

type Reply<T extends object> = (reply: Ack<T>) => void;

/**
 * Makes the wrapper for one connection's Socket.IO handlers: each parses its payload with its
 * schema, answers a bad one with BAD_INPUT and a flood (beyond `allowed`) with RATE_LIMITED, and
 * makes sure nothing the client sends can throw out of the handler. A missing acknowledgement
 * callback is tolerated (the answer is then dropped).
 */
export function guarded(logger: Logger, allowed: () => boolean) {
  return <S extends ZodType, T extends object>(
    schema: S,
    run: (input: S['_output']) => Ack<T>,
  ): ((payload: unknown, ack?: unknown) => void) => handleOne(logger, allowed, schema, run);
}

function handleOne<S extends ZodType, T extends object>(
  logger: Logger,
  allowed: () => boolean,
  schema: S,
  run: (input: S['_output']) => Ack<T>,
): (payload: unknown, ack?: unknown) => void {
  return (payload, ack) => {
    const reply: Reply<T> = typeof ack === 'function' ? (ack as Reply<T>) : () => {};
    if (!allowed()) {
      reply(refusal('RATE_LIMITED', 'Too many messages at once. Wait a moment and try again.'));
      return;
    }
    try {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        logger.log('message.invalid');
        reply(refusal('BAD_INPUT', describeIssue(parsed.error)));
        return;
      }
      reply(run(parsed.data));
    } catch {
      logger.log('handler.error');
      reply(refusal('BAD_INPUT', 'The server could not handle that message.'));
    }
  };
}
