// The guide's words (seeds/000: "Rules and scripts prevent drift"): what to say when someone needs
// more than the group can hold, the red-flag steps, the round prompts that follow the group's first
// meetings, the hot seat's and the open circle's words. Plain data, no zod. The cards, which every
// screen shows, are in cards.ts: the page's first bundle reads those alone.

import type { HotSeatStepKind } from '../protocol/agenda.ts';

/** What the facilitator says when the room pauses for support (seeds/000, step 9) [SF1]. */
export const supportWords = [
  'From the outside, it looks like you are carrying more than our group can hold. I care about you. Would you be open to getting some extra support?',
  'We can help you find someone if logistics are the barrier.',
] as const;

/** The guide's red-flag steps, for the facilitator's eyes (seeds/000, steps 2.5 and 9) [SF3]. */
export const redFlagSteps = [
  {
    title: 'Name it',
    text: 'Say what you heard, calmly and directly: “What you said about hurting yourself worries me. I want to take it seriously.” Half-joking counts.',
  },
  {
    title: 'Encourage urgent professional help',
    text: 'Persistent hopelessness, talk of self-harm, substances to get through shifts or serious decline need more than this group. Offer to help with the logistics, or to sit with them while they make the call.',
  },
  {
    title: 'Act on the institutional duty',
    text: 'If there is imminent risk to them or to others: emergency services, your institution’s policy, the on-call psychiatrist, whatever your hospital’s protocol requires. At that point the ethical duty overrides the group’s confidentiality.',
  },
] as const;

/** Which meeting of the group this is: the round prompts deepen over the first three [GD3]. */
export const meetingNumbers = ['first', 'early', 'later'] as const;
export type MeetingNumber = (typeof meetingNumbers)[number];
export const meetingLabels: Record<MeetingNumber, string> = {
  first: 'First meeting',
  early: 'Second or third',
  later: 'Fourth or later',
};

/**
 * The round's prompt by meeting, from the guide's vulnerability scaffolding: starter prompts at the
 * first meeting, deeper ones at the second and third, the weekly question after that [GD3].
 */
export const checkInPrompts: Record<MeetingNumber, { prompt: string; say: string }> = {
  first: {
    prompt:
      'Describe a moment this month when you thought: “I cannot do this for 30 years.” Or: one behaviour you have picked up in training that you are not proud of.',
    say: 'We start gently today. Three minutes each, and no one comments yet beyond “I hear you” or “That sounds heavy”. I will go first.',
  },
  early: {
    prompt:
      'Tell us about a patient you think about when you cannot sleep. Or: a time you felt you went against your own ethical standards at work, by action or by silence.',
    say: 'A little deeper today. Three minutes each; no one comments yet except brief acknowledgements.',
  },
  later: {
    prompt: 'One moment from this week that stuck with you emotionally or ethically.',
    say: 'Three minutes each. You might start with “The part that bothered me was…”, “I felt… and then I shut it down because I had to keep working”, or “Ethically, this rubbed me wrong because…”. No comments yet except “I hear you” or “That sounds heavy”.',
  },
};

/** The guide's words for each hot-seat step: for the facilitator, and for the members [GD1]. */
export const hotSeatStepScripts: Record<HotSeatStepKind, { say: string; prompt: string }> = {
  story: {
    say: 'Tell us what happened, why it matters, and how it sat with you. Keep it concrete: what was said, what you felt, where you got stuck.',
    prompt: 'Listen. No questions yet.',
  },
  questions: {
    say: 'Questions only to understand, not to challenge. “What was going through your head when…?” “What did you want to say but did not?”',
    prompt: 'Questions only to understand, not to challenge.',
  },
  reflections: {
    say: 'Do you want ideas, or just space? Then reflect back what you heard: “I hear you felt…”, “You sound more angry than sad to me. Does that land?”',
    prompt: 'Reflect back what you heard. Options only if they asked for ideas.',
  },
  close: {
    say: 'Over to you to close the loop: “My takeaway is…” and “This week I will try…”.',
    prompt: 'Listen to their takeaway.',
  },
};

/** Prompts for the near-peer facilitator of an open circle (seeds/003) [AG7]. */
export const openCircleWords = {
  arrival: 'Go round once: your name, and how you are arriving today, in a sentence or two.',
  floor:
    'The floor is open: bring whatever is on your mind. If you have felt this too, say so: it helps to hear we are not alone.',
  floorSay:
    'Normalise what you hear (“Many of us have felt that”), and make room for the quiet ones: “We have not heard from everyone yet. Would anyone who has not spoken like to come in?”',
  closing: 'One thing you are taking with you from today.',
} as const;
