import type { ZodType } from 'zod';
import type { Ack } from '../../../shared/src/protocol/socket.ts';
import type { Logger } from '../log.ts';
import type { RefusalTally } from '../refusalTally.ts';
import { describeIssue, refusal } from '../refusals.ts';

type Reply<T extends object> = (reply: Ack<T>) => void;

/**
 * Makes the wrapper for one connection's Socket.IO handlers: each parses its payload with its
 * schema, answers a bad one with BAD_INPUT and a flood (beyond `allowed`) with RATE_LIMITED, and
 * makes sure nothing the client sends can throw out of the handler. Every refusal is counted for
 * the log's summary, never logged one by one. A missing acknowledgement callback is tolerated
 * (the answer is then dropped).
 */
export function guarded(refusals: RefusalTally, logger: Logger, allowed: () => boolean) {
  return <S extends ZodType, T extends object>(schema: S, run: (input: S['_output']) => Ack<T>) =>
    (payload: unknown, ack?: unknown): void => {
      const send: Reply<T> = typeof ack === 'function' ? (ack as Reply<T>) : () => {};
      const reply = (answer: Ack<T>) => {
        if (!answer.ok) refusals.count(answer.code);
        send(answer);
      };
      if (!allowed()) {
        reply(refusal('RATE_LIMITED', 'Too many messages at once. Wait a moment and try again.'));
        return;
      }
      try {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
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
