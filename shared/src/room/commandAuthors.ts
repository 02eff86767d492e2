import type { ClientCommand, Command, HostCommand, SystemCommand } from '../protocol/commands.ts';

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
  'answers:submitted': 'system',
  'answers:expire': 'system',
  'answers:restart': 'system',
  'answers:ask': 'facilitator',
  'answers:close': 'facilitator',
  'answer:submit': 'member',
  // The rule itself says which members: the board's writers (canWriteBoard).
  'history:share': 'member',
  'agenda:set': 'facilitator',
  'session:start': 'facilitator',
  'phase:next': 'facilitator',
  'phase:prev': 'facilitator',
  'timer:pause': 'facilitator',
  'timer:resume': 'facilitator',
  'timer:addMinute': 'facilitator',
  'hotseat:pick': 'facilitator',
  'hotseat:nextStep': 'facilitator',
  'hotseat:prevStep': 'facilitator',
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
  'knock:admitAll': 'facilitator',
  'queue:scope': 'facilitator',
  'card:show': 'facilitator',
  'card:hide': 'facilitator',
  'support:pause': 'facilitator',
  'support:resume': 'facilitator',
  'resources:set': 'facilitator',
  'room:lock': 'facilitator',
  'member:remove': 'facilitator',
  'turn:end': 'member',
  'turn:pass': 'member',
  'hand:raise': 'member',
  'hand:lower': 'member',
  'hotseat:choose': 'member',
  // The rule itself says which members: see takeFacilitator, giveTurnBack, nextReport.
  'role:take': 'member',
  'turn:giveBack': 'member',
  'report:next': 'member',
  'signal:set': 'member',
} as const satisfies Record<SystemCommand['type'], 'system'> & Record<ClientCommand['type'], 'facilitator' | 'member'>;

export function isSystemCommand(command: Command): command is SystemCommand {
  return commandAuthors[command.type] === 'system';
}

/** Every host command, exactly: a command added to the schema without being added here fails the type check. */
const hostCommandKinds = {
  'knock:admit': true,
  'knock:decline': true,
  'knock:declineAll': true,
  'knock:admitAll': true,
  'signal:set': true,
  'answer:submit': true,
  'history:share': true,
} as const satisfies Record<HostCommand['type'], true>;
const hostCommandTypes: ReadonlySet<string> = new Set(Object.keys(hostCommandKinds));

/**
 * Whether a client command is about facts the room host keeps beside the replicated state (the
 * door, private signals), so the host answers it rather than the reducer [RM6, PS1].
 */
export function isHostCommand(command: ClientCommand): command is HostCommand {
  return hostCommandTypes.has(command.type);
}

/** Whether a command type is reserved for the facilitator [RL1]. */
export function isFacilitatorCommand(type: ClientCommand['type']): boolean {
  return commandAuthors[type] === 'facilitator';
}
