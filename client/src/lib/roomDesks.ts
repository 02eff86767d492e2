import type { ClientCommand } from '../../../shared/src/protocol/commands.ts';
import type { AnswerDesk } from './answers/answerDesk.svelte.ts';
import type { HistoryDesk } from './history/historyDesk.svelte.ts';

/** What the board's history section works with: the group's history, the room's answers, and how to ask. */
export interface RoomDesks {
  history: HistoryDesk;
  answers: AnswerDesk;
  send: (command: ClientCommand) => Promise<boolean>;
}
