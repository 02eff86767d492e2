import { describe, expect, it } from 'vitest';
import { historyMarkdown } from '../../../shared/src/history/markdown.ts';
import { withAlias } from '../../../shared/src/history/names.ts';
import { sixWeeks } from './fixture.ts';

describe('the history as Markdown', () => {
  it('[HF8] newest session first, outcomes in the guide’s words, aggregates and aliases listed', () => {
    const md = historyMarkdown(withAlias(sixWeeks(), 'Tom', 'Tom B.'));
    expect(
      md.startsWith(
        '# Group history\n\nWeekly peer support for night-shift nurses\n\nSaved 2026-03-11 · 6 sessions recorded.\n',
      ),
    ).toBe(true);
    expect(md.indexOf('## Meeting 6 · 2026-03-10 · Weekly 45')).toBeLessThan(md.indexOf('## Meeting 1 · 2026-02-03'));
    expect(md).toContain('- Present: Ana, Ben, Dev, Tom B.\n- Facilitator: Ana\n- Scribe: Ben\n- Hot seat: —\n');
    expect(md).toContain('| Member | Last time | How it went | This time |');
    expect(md).toContain('| Dev | Say no to one extra shift | Failed it | Say no once |');
    expect(md).toContain('| Tom B. | Sleep by 11 | Half-kept it | Sleep by 11 |');
    expect(md).toContain('| Ana | — | Not reported | Email the therapist |');
    expect(md).toContain('- Stress today (stress, 1 to 5): average 2.5, 4 answers (1: 0 · 2: 2 · 3: 2 · 4: 0 · 5: 0)');
    expect(md).toContain('- Keep 45 minutes? (poll): 3 up, 1 down, 4 answers');
    expect(md).toContain('## Names\n\n- Tom is now Tom B.\n');
    expect(md).not.toMatch(/FAILED|KEPT/);
  });

  it('[HF8] members’ words are shown, never run: HTML escaped, pipes and brackets too', () => {
    const history = sixWeeks(1);
    const session = history.sessions[0]!;
    history.purpose = '<script>alert(1)</script>';
    session.commitments[0] = {
      name: 'Ana',
      commitment: '![pixel](https://tracker.example/a.png) | [call](javascript:alert(1))\nthen rest',
      lastCommitment: '',
      lastStatus: 'not-reported',
    };
    session.agenda = '<b>Weekly</b>';
    const md = historyMarkdown(history);
    expect(md).not.toMatch(/<script|<b>|(?<!\\)\]\(/);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain(
      '!\\[pixel\\](https://tracker.example/a.png) \\| \\[call\\](javascript:alert(1))<br>then rest',
    );
    expect(md).toContain('## Meeting 1 · 2026-02-03 · &lt;b&gt;Weekly&lt;/b&gt;');
  });
});
