import { reduce } from '../../shared/src/room/reduce.ts';
import type { Command } from '../../shared/src/protocol/commands.ts';
import { createRoomState, type RoomState } from '../../shared/src/room/state.ts';
import { findTemplate } from '../../shared/src/room/templates.ts';
import type { TemplateId } from '../../shared/src/protocol/agenda.ts';
import { rosterKeys } from './deviceKeys.ts';

export const T0 = 1_000_000;

/** A lobby whose creator ('fac') and `others` have joined, at T0. */
export function lobby(others: string[] = ['ana', 'ben', 'cy'], template: TemplateId = 'weekly-45'): RoomState {
  let state = createRoomState(
    {
      purpose: 'p',
      tokensPerMember: 3,
      capacity: 12,
      admission: 'open',
      meeting: 'later',
      resources: [],
      agenda: findTemplate(template).phases,
      creatorId: 'fac',
    },
    T0,
  );
  for (const id of ['fac', ...others])
    state = must(state, { type: 'member:join', memberId: id, name: id, keys: rosterKeys(id) }, null, T0);
  return state;
}

/** Applies a command that must be accepted. */
export function must(state: RoomState, command: Command, actor: string | null, now: number): RoomState {
  const result = reduce(state, command, { actor, now });
  if (!result.ok) throw new Error(`${command.type} refused: ${result.code} ${result.message}`);
  return result.state;
}

export function refusalOf(state: RoomState, command: Command, actor: string | null, now: number): string {
  const result = reduce(state, command, { actor, now });
  if (result.ok) throw new Error(`${command.type} was accepted`);
  return result.code;
}
