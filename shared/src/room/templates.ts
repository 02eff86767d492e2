import type { HotSeatStep, HotSeatStepKind, PhaseDef, TemplateId } from '../protocol/agenda.ts';
import { checkInPrompts, hotSeatStepScripts, type MeetingNumber, openCircleWords } from './guide.ts';

const MIN = 60_000;
const SEC = 1_000;

export interface AgendaTemplate {
  id: TemplateId;
  name: string;
  summary: string;
  phases: PhaseDef[];
}

/** A hot seat's four steps, each with the guide's words [AG5, GD1]. */
function steps(story: number, questions: number, reflections: number, close: number): HotSeatStep[] {
  const step = (kind: HotSeatStepKind, minutes: number): HotSeatStep => ({
    step: kind,
    durationMs: minutes * MIN,
    ...hotSeatStepScripts[kind],
  });
  return [step('story', story), step('questions', questions), step('reflections', reflections), step('close', close)];
}

const oneWord: PhaseDef = {
  kind: 'round',
  title: 'One-word check-in',
  prompt: 'One word or short phrase for how you are arriving.',
  say: 'Quickly round the room: one word or short phrase for how you are arriving. “Fried”, “hopeful”, “numb”, “oddly okay” all count.',
  durationMs: 2 * MIN,
  turnMs: 20 * SEC,
};

/** The closing round: how it felt, and one tweak for next time (seeds/000) [AG2]. */
const metaCheck = (minutes: number): PhaseDef => ({
  kind: 'check',
  title: 'Meta check',
  prompt: 'How did this feel? What tweak for next time?',
  say: 'Before we close, one round: how did this feel, and what one tweak would you make for next time?',
  durationMs: minutes * MIN,
  turnMs: 30 * SEC,
  ask: 'valuable',
});

/** The report-back round, then one new commitment each [RB1]. */
const microCommitments = (minutes: number, turnSeconds: number): PhaseDef => ({
  kind: 'commitments',
  title: 'Micro-commitments',
  prompt: 'Last time’s: kept it, half-kept it, or failed it, and why. Then one tiny, specific new one.',
  say: 'Quick report-back on last time: kept it, half-kept it, or failed it, and why. Our job is not to shame: notice patterns, ask what the real barrier is, help right-size. Then one tiny, specific, measurable commitment each.',
  durationMs: minutes * MIN,
  turnMs: turnSeconds * SEC,
});

/** The optional first-meeting phase: the ground rules, said out loud [AG1, GD3]. */
export const groundRulesPhase: PhaseDef = {
  kind: 'rules',
  title: 'Ground rules',
  prompt: 'Read the ground rules out loud and agree them together.',
  say: 'Before anything else, we read our ground rules out loud, one each, and agree them together. It feels formal. That is the point.',
  durationMs: 5 * MIN,
};

/** The round-robin check-in, its words following which meeting this is [GD3]. */
function checkIn(title: string, minutes: number, turnMinutes: number, meeting: MeetingNumber): PhaseDef {
  return { kind: 'round', title, ...checkInPrompts[meeting], durationMs: minutes * MIN, turnMs: turnMinutes * MIN };
}

const hotSeatOpening =
  'Who has something they really need space for today? One or two hot seats, each walked through its steps.';

/** The meeting formats of the peer-support guides the product is built from, as agendas [AG1]. */
function templates(meeting: MeetingNumber): AgendaTemplate[] {
  return [
    {
      id: 'weekly-45',
      name: 'Weekly 45',
      summary: 'Check-ins, two hot seats, micro-commitments and a meta check.',
      phases: [
        oneWord,
        checkIn('Round-robin check-in', 15, 3, meeting),
        {
          kind: 'hotseat',
          title: 'Hot seats',
          prompt: 'Who has something they really need space for today?',
          say: hotSeatOpening,
          durationMs: 20 * MIN,
          // Two seats fit the phase (seeds/000: "one or two hot seats", 10–15 minutes each).
          steps: steps(3, 2, 3, 2),
          turnMs: 1 * MIN,
          // Where one voice most often dominates: questions and reflections spend a talk token.
          spendsTokens: true,
        },
        // 5, not the guide's 6: the guide's own minutes add up to 46.
        microCommitments(5, 60),
        metaCheck(3),
      ],
    },
    {
      id: 'short-30',
      name: 'Short 30',
      summary: 'A compact session for busy weeks.',
      phases: [
        oneWord,
        checkIn('Round-robin', 10, 2, meeting),
        {
          kind: 'hotseat',
          title: 'Hot seat',
          prompt: 'Who has something they really need space for today?',
          say: hotSeatOpening,
          durationMs: 10 * MIN,
          steps: steps(3, 2, 3, 2),
          turnMs: 1 * MIN,
          spendsTokens: false,
        },
        microCommitments(5, 60),
        metaCheck(3),
      ],
    },
    {
      id: 'biweekly-60',
      name: 'Bi-weekly 60',
      summary: 'Mood check-in, a topic spotlight, a collective brainstorm and action commitments.',
      phases: [
        {
          kind: 'round',
          title: 'Mood check-in',
          prompt: 'Two words for your mood. Your stress from 1 to 5 goes in privately, on your own device.',
          say: 'Round the room: two words for your mood. Your stress today, 1 to 5, goes in on your phone: no one sees your answer, only the room’s.',
          durationMs: 5 * MIN,
          turnMs: 40 * SEC,
          ask: 'stress',
        },
        {
          kind: 'hotseat',
          title: 'Topic spotlight',
          prompt: 'One member shares a recent stress trigger and a coping attempt.',
          say: 'Who will share a recent stress trigger and how they tried to cope?',
          durationMs: 20 * MIN,
          steps: steps(8, 5, 5, 2),
          turnMs: 1 * MIN,
          spendsTokens: false,
        },
        {
          kind: 'open',
          title: 'Collective brainstorm',
          prompt: 'Offer alternative strategies, drawing on what has worked for you.',
          say: 'Alternatives, drawn from what has actually worked for you. Raise a hand to take the floor; a turn costs a talk token.',
          durationMs: 25 * MIN,
          turnMs: 2 * MIN,
          spendsTokens: true,
        },
        {
          kind: 'commitments',
          title: 'Action commitment',
          prompt: 'One concrete step to try before the next meeting.',
          say: 'Report back on last time’s step, then each person picks one concrete step to try before we meet again.',
          durationMs: 5 * MIN,
          turnMs: 40 * SEC,
        },
        metaCheck(5),
      ],
    },
    {
      id: 'solutions-monthly',
      name: 'Solutions only (monthly)',
      summary: 'Each member brings one stuck point; the group offers only concrete ideas and scripts.',
      phases: [
        oneWord,
        {
          kind: 'round',
          title: 'Stuck points',
          prompt: 'Name one stuck point. The group offers only concrete ideas and scripts.',
          say: 'Solutions only today: each person names one stuck point, and the group offers only concrete ideas and scripts, within the time.',
          durationMs: 36 * MIN,
          turnMs: 6 * MIN,
        },
        microCommitments(5, 60),
        metaCheck(3),
      ],
    },
    {
      id: 'open-circle',
      name: 'Open circle',
      summary: 'Unstructured and participant-directed: an arrival round, one long open floor, a closing round.',
      phases: [
        {
          kind: 'round',
          title: 'Arrival round',
          prompt: openCircleWords.arrival,
          say: openCircleWords.arrival,
          durationMs: 10 * MIN,
          turnMs: 1 * MIN,
        },
        {
          kind: 'open',
          title: 'Open floor',
          prompt: openCircleWords.floor,
          say: openCircleWords.floorSay,
          durationMs: 40 * MIN,
          turnMs: 3 * MIN,
          spendsTokens: false,
          freeFloor: true,
          cues: true,
        },
        {
          kind: 'check',
          title: 'Closing round',
          prompt: openCircleWords.closing,
          say: openCircleWords.closing,
          durationMs: 10 * MIN,
          turnMs: 1 * MIN,
        },
      ],
    },
  ];
}

/** The templates with the words of a group's later meetings, for lists and tests. */
export const agendaTemplates: readonly AgendaTemplate[] = templates('later');

/** A template, its round prompts following which meeting of the group this is [GD3]. */
export function findTemplate(id: TemplateId, meeting: MeetingNumber = 'later'): AgendaTemplate {
  const template = templates(meeting).find((t) => t.id === id);
  if (!template) throw new Error(`unknown template ${id}`);
  return template;
}

/**
 * The agenda a room starts with: the phases as chosen (or edited), opened by the ground rules at
 * a group's first meeting [AG1, GD3]. The server checks the result against the agenda's limits.
 */
export function initialAgenda(phases: readonly PhaseDef[], includeGroundRules: boolean): PhaseDef[] {
  return includeGroundRules ? [groundRulesPhase, ...phases] : [...phases];
}
