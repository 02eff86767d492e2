import type { EndReason } from '../../shared/src/room/state.ts';
import type { RefusalKind } from './refusalTally.ts';

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
  | 'member.joined'
  | 'refusals'
  | 'handler.error'
  | 'board.rebuilt'
  | 'board.lost';

export interface Logger {
  log(event: LogEvent, fields?: Partial<Record<LogField, LogValue>>): void;
}

export function jsonLineLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return {
    log(event, fields = {}) {
      write(`${JSON.stringify({ t: new Date().toISOString(), event, ...fields })}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };
