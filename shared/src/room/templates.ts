import type { HotSeatStep, HotSeatStepKind, PhaseDef, TemplateId } from '../protocol/agenda.ts';

const MIN = 60_000;
const SEC = 1_000;

export interface AgendaTemplate {
  id: TemplateId;
  name: string;
  summary: string;
  phases: PhaseDef[];
}

export const hotSeatStepTitles: Record<HotSeatStepKind, string> = {
  story: 'Story',
  questions: 'Clarifying questions',
  reflections: 'Reflections & options',
  close: 'Close the loop',
};

function steps(story: number, questions: number, reflections: number, close: number): HotSeatStep[] {
  return [
    { step: 'story', durationMs: story * MIN },
    { step: 'questions', durationMs: questions * MIN },
    { step: 'reflections', durationMs: reflections * MIN },
    { step: 'close', durationMs: close * MIN },
  ];
}

const oneWord: PhaseDef = {
  kind: 'round',
  title: 'One-word check-in',
  prompt: 'One word or short phrase for how you are arriving.',
  durationMs: 2 * MIN,
  turnMs: 20 * SEC,
};

const metaCheck = (minutes: number): PhaseDef => ({
  kind: 'check',
  title: 'Meta check',
  prompt: 'How did this feel? What tweak for next time?',
  durationMs: minutes * MIN,
});

const microCommitments = (minutes: number): PhaseDef => ({
  kind: 'commitments',
  title: 'Micro-commitments',
  prompt: 'Report back on last time (kept, half-kept, failed), then make one tiny, specific new one.',
  durationMs: minutes * MIN,
});

/** The optional first-meeting phase: the ground rules, said out loud [AG1]. */
export const groundRulesPhase: PhaseDef = {
  kind: 'rules',
  title: 'Ground rules',
  prompt: 'Read the ground rules out loud and agree them together.',
  durationMs: 5 * MIN,
};

/**
 * The agenda a room starts with: the phases as chosen (or edited), opened by the ground rules at
 * a group's first meeting [AG1]. The server checks the result against the agenda's limits.
 */
export function initialAgenda(phases: readonly PhaseDef[], includeGroundRules: boolean): PhaseDef[] {
  return includeGroundRules ? [groundRulesPhase, ...phases] : [...phases];
}

/** The meeting formats of the peer-support guides the product is built from, as agendas [AG1]. */
export const agendaTemplates: readonly AgendaTemplate[] = [
  {
    id: 'weekly-45',
    name: 'Weekly 45',
    summary: 'Check-ins, one or two hot seats, micro-commitments and a meta check.',
    phases: [
      oneWord,
      {
        kind: 'round',
        title: 'Round-robin check-in',
        prompt: 'One moment from this week that stuck with you emotionally or ethically.',
        durationMs: 15 * MIN,
        turnMs: 3 * MIN,
      },
      {
        kind: 'hotseat',
        title: 'Hot seats',
        prompt: 'Who has something they really need space for today?',
        durationMs: 20 * MIN,
        steps: steps(4, 4, 5, 2),
        turnMs: 1 * MIN,
        // Where one voice most often dominates: questions and reflections spend a talk token.
        spendsTokens: true,
      },
      // 5, not the guide's 6: the guide's own minutes add up to 46.
      microCommitments(5),
      metaCheck(3),
    ],
  },
  {
    id: 'short-30',
    name: 'Short 30',
    summary: 'A compact session for busy weeks.',
    phases: [
      oneWord,
      {
        kind: 'round',
        title: 'Round-robin',
        prompt: 'One moment from this week that stuck with you.',
        durationMs: 10 * MIN,
        turnMs: 2 * MIN,
      },
      {
        kind: 'hotseat',
        title: 'Hot seat',
        durationMs: 10 * MIN,
        steps: steps(3, 2, 3, 2),
        turnMs: 1 * MIN,
        spendsTokens: false,
      },
      microCommitments(5),
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
        prompt: 'Two words for your mood, and your stress from 1 to 5.',
        durationMs: 5 * MIN,
        turnMs: 40 * SEC,
      },
      {
        kind: 'hotseat',
        title: 'Topic spotlight',
        prompt: 'One member shares a recent stress trigger and a coping attempt.',
        durationMs: 20 * MIN,
        steps: steps(8, 5, 5, 2),
        turnMs: 1 * MIN,
        spendsTokens: false,
      },
      {
        kind: 'open',
        title: 'Collective brainstorm',
        prompt: 'Offer alternative strategies, drawing on what has worked for you.',
        durationMs: 25 * MIN,
        turnMs: 2 * MIN,
        spendsTokens: true,
      },
      {
        kind: 'commitments',
        title: 'Action commitment',
        prompt: 'Each person picks one concrete step to try before the next meeting.',
        durationMs: 5 * MIN,
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
        durationMs: 36 * MIN,
        turnMs: 6 * MIN,
      },
      microCommitments(5),
      metaCheck(3),
    ],
  },
];

export function findTemplate(id: TemplateId): AgendaTemplate {
  const template = agendaTemplates.find((t) => t.id === id);
  if (!template) throw new Error(`unknown template ${id}`);
  return template;
}
