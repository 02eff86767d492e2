import type { ClientCommand, Command, DoorCommand, SystemCommand } from '../protocol/commands.ts';

export type CommandAuthor = 'system' | 'facilitator' | 'member';

/**
 * Who may send each command: the server itself, the facilitator only, or any member [RC2, RL1].
 * The command types come from the protocol's schemas; the compiler checks that this map names
 * every one of them, and nothing else, so a new command cannot be added without saying who sends it.
 */
export const commandAuthors = {
  'member:join': 'system',
  'member:admit': 'system',
  'member:presence': 'system',
  'facilitator:failover': 'system',
  'hands:expire': 'system',
  'room:expire': 'system',
  'agenda:set': 'facilitator',
  'session:start': 'facilitator',
  'phase:next': 'facilitator',
  'phase:prev': 'facilitator',
  'timer:pause': 'facilitator',
  'timer:resume': 'facilitator',
  'timer:addMinute': 'facilitator',
  'hotseat:pick': 'facilitator',
  'hotseat:nextStep': 'facilitator',
  'role:facilitator': 'facilitator',
  'role:scribe': 'facilitator',
  'room:end': 'facilitator',
  'queue:callNext': 'facilitator',
  'queue:call': 'facilitator',
  'queue:lower': 'facilitator',
  'queue:mode': 'facilitator',
  'queue:autoCall': 'facilitator',
  'token:grant': 'facilitator',
  'knock:admit': 'facilitator',
  'knock:decline': 'facilitator',
  'knock:declineAll': 'facilitator',
  'room:lock': 'facilitator',
  'member:remove': 'facilitator',
  'turn:end': 'member',
  'turn:pass': 'member',
  'hand:raise': 'member',
  'hand:lower': 'member',
  'hotseat:choose': 'member',
} as const satisfies Record<SystemCommand['type'], 'system'> & Record<ClientCommand['type'], 'facilitator' | 'member'>;

export function isSystemCommand(command: Command): command is SystemCommand {
  return commandAuthors[command.type] === 'system';
}

const doorCommandTypes: ReadonlySet<string> = new Set<DoorCommand['type']>([
  'knock:admit',
  'knock:decline',
  'knock:declineAll',
]);

/** Whether a client command is answered at the door by the room host rather than by the reducer [RM6]. */
export function isDoorCommand(command: ClientCommand): command is DoorCommand {
  return doorCommandTypes.has(command.type);
}

/** Whether a command type is reserved for the facilitator [RL1]. */
export function isFacilitatorCommand(type: ClientCommand['type']): boolean {
  return commandAuthors[type] === 'facilitator';
}
