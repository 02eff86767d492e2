import type { CommandType } from '../../shared/src/protocol/commands.ts';
import type { RefusalCode } from '../../shared/src/room/refusal.ts';
import type { EndReason } from '../../shared/src/room/state.ts';

/**
 * What a log line may carry: numbers, booleans and closed sets of kinds. There is no string
 * field, so a name, a room id or anything a person typed cannot reach a log [PR1].
 */
export type LogValue = number | boolean | CommandType | RefusalCode | EndReason;
export type LogEvent =
  | 'server.listening'
  | 'server.closing'
  | 'room.created'
  | 'room.ended'
  | 'room.create_refused'
  | 'member.joined'
  | 'command.accepted'
  | 'command.refused'
  | 'message.invalid'
  | 'handler.error'
  | 'yjs.connection_closed';

export interface Logger {
  log(event: LogEvent, fields?: Record<string, LogValue>): void;
}

export function jsonLineLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return {
    log(event, fields = {}) {
      write(`${JSON.stringify({ t: new Date().toISOString(), event, ...fields })}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };
