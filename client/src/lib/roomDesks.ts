// The private answers and the group's history of one room, made together once the room is on
// screen: loaded with import(), so the first bundle carries neither.

import type { ClientCommand } from '../../../shared/src/protocol/commands.ts';
import { AnswerDesk, type DeskDeps } from './answers/answerDesk.svelte.ts';
import { type HistoryDeps, HistoryDesk } from './history/historyDesk.svelte.ts';

/** What the room's answers panel and the board's history section work with. */
export interface RoomDesks {
  history: HistoryDesk;
  answers: AnswerDesk;
  send: (command: ClientCommand) => Promise<boolean>;
}

export function makeDesks(
  deps: Omit<DeskDeps, 'send'> & Omit<HistoryDeps, 'boardKey'> & Pick<RoomDesks, 'send'>,
): RoomDesks {
  return {
    answers: new AnswerDesk({ roomId: deps.roomId, send: deps.send, boardKey: deps.boardKey }),
    history: new HistoryDesk(deps),
    send: deps.send,
  };
}
