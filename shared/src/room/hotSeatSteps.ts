import type { HotSeatStepKind } from '../protocol/agenda.ts';

// Apart from the templates, whose words the page's first bundle does not need.

/** What each hot-seat step is called on every screen [AG5]. */
export const hotSeatStepTitles: Record<HotSeatStepKind, string> = {
  story: 'Story',
  questions: 'Clarifying questions',
  reflections: 'Reflections & options',
  close: 'Close the loop',
};
