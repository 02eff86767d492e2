import type { EndReason } from '../../shared/src/room/state.ts';
import type { RefusalKind } from './refusalKind.ts';

/**
 * What a log line may carry: closed sets of field names and of values — numbers, booleans, end
 * reasons. There is no free string, so a name, a room id or anything a person typed cannot reach
 * a log [PR1].
 */
export type LogValue = number | boolean | EndReason;
export type LogField = 'port' | 'rooms' | 'phases' | 'members' | 'minutes' | 'reason' | RefusalKind;
export type LogEvent =
  | 'server.listening'
  | 'server.closing'
  | 'room.created'
  | 'room.ended'
  | 'room.resumed'
  | 'server.draining'
  | 'member.joined'
  | 'refusals'
  | 'handler.error';

export interface Logger {
  log(event: LogEvent, fields?: Partial<Record<LogField, LogValue>>): void;
}

/** How long a log line may wait to be written with the lines that follow it. */
const LOG_BATCH_MS = 100;

/**
 * Writes to standard output in batches, at most every 100 ms. Node writes to a pipe
 * synchronously, one system call per write: a line per join cost the server several per cent of
 * its time at the top of the hour. Whatever is pending is written at exit.
 */
export function batchedStdout(): (text: string) => void {
  let pending = '';
  const flush = () => {
    const text = pending;
    pending = '';
    if (text !== '') process.stdout.write(text);
  };
  process.once('exit', flush);
  return (text) => {
    if (pending === '') setTimeout(flush, LOG_BATCH_MS).unref();
    pending += text;
  };
}

export function jsonLineLogger(write: (line: string) => void = batchedStdout()): Logger {
  return {
    log(event, fields = {}) {
      write(`${JSON.stringify({ t: new Date().toISOString(), event, ...fields })}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };
