import type { QuestionKind } from './questionKinds.ts';

/** What each kind of question asks, as the page shows it; the radio groups are named with it [PA1]. */
export const questionTitles: Record<QuestionKind, string> = {
  stress: 'Stress today, 1 to 5',
  valuable: 'How valuable was this session, 1 to 10',
  poll: 'Poll',
};
