// The guide's cards (seeds/000), apart from its other words: every screen shows a card, so the
// page's first bundle holds these, and only these.

export const cardIds = ['no-minimizing', 'ideas-or-space', 'what-do-you-need', 'official-channels'] as const;
export type CardId = (typeof cardIds)[number];

/** The guide's scripted answers, as the facilitator can show one on every screen [GD2]. */
export const cards: Record<CardId, { label: string; text: string }> = {
  'no-minimizing': {
    label: 'No minimizing',
    text: 'Our rule is no minimizing. Their experience stands.',
  },
  'ideas-or-space': {
    label: 'Ideas or just space',
    text: 'Do you want ideas or just space?',
  },
  'what-do-you-need': {
    label: 'What do you need from us',
    text: 'What do you need from us?',
  },
  'official-channels': {
    label: 'Official channels',
    text: 'This sounds like something for the official channels. How can we support you in doing that?',
  },
};

/** How long a card stays on the screens unless dismissed [GD2]. */
export const CARD_MS = 20_000;
