import type { ZodType } from 'zod';
import type { Ack } from '../../../shared/src/protocol/socket.ts';
import type { Logger } from '../log.ts';
import type { RefusalTally } from '../refusalTally.ts';
import { describeIssue } from '../describeIssue.ts';
import { refuse } from '../../../shared/src/room/refusal.ts';

type Reply<T extends object> = (reply: Ack<T>) => void;

const tooMany = () => refuse('tooManyMessages');

/**
 * Handles one Socket.IO message: refuses it with RATE_LIMITED when over the connection's budget,
 * parses its payload with its schema (BAD_INPUT when bad), runs it, and makes sure nothing the
 * client sends can throw out of the handler. Every refusal is counted for the log's summary,
 * never logged one by one. A missing acknowledgement callback is tolerated (the answer is then
 * dropped). It allocates nothing per message beyond the answer, and `run` is a method called on
 * `self`: this runs for every command of every member.
 */
export function answerMessage<S extends ZodType, T extends object, Self>(
  deps: { refusals: RefusalTally; logger: Logger },
  allowed: boolean,
  schema: S,
  self: Self,
  run: (this: Self, input: S['_output']) => Ack<T>,
  payload: unknown,
  ack: unknown,
): void {
  let reply: Ack<T>;
  if (!allowed) reply = tooMany();
  else {
    try {
      const parsed = schema.safeParse(payload);
      reply = parsed.success ? run.call(self, parsed.data) : refuse('badInput', describeIssue(parsed.error));
    } catch {
      deps.logger.log('handler.error');
      reply = refuse('unreadable');
    }
  }
  if (!reply.ok) deps.refusals.count(reply.code);
  if (typeof ack === 'function') (ack as Reply<T>)(reply);
}
