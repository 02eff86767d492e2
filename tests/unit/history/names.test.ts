import { describe, expect, it } from 'vitest';
import { canonicalName, matchNames, withAlias } from '../../../shared/src/history/names.ts';
import { sameName } from '../../../shared/src/room/nameSkeleton.ts';
import { sixWeeks } from './fixture.ts';

describe('names across weeks', () => {
  it('[HF5] a name follows its aliases to the end; a loop in a hand-made file stops', () => {
    const aliases = { Tom: 'Tommy', Tommy: 'Tom B.', A: 'B', B: 'A' };
    expect(canonicalName({ aliases }, 'Tom')).toBe('Tom B.');
    expect(canonicalName({ aliases }, 'Ben')).toBe('Ben');
    expect(canonicalName({ aliases }, 'A')).toBe('B');
    expect(canonicalName({ aliases }, 'constructor')).toBe('constructor');
  });

  it('[HF5] history names are matched to the names here with the room’s comparison, through aliases', () => {
    const { matched, unmatched } = matchNames(
      ['ANA', 'Аna', 'Tom', 'Ben', 'Cleo', 'Ben'],
      ['Ana', 'Tom B.', 'Ben'],
      sameName,
      { Tom: 'Tom B.' },
    );
    expect([...matched]).toEqual([
      ['ANA', 'Ana'],
      ['Аna', 'Ana'],
      ['Tom', 'Tom B.'],
      ['Ben', 'Ben'],
    ]);
    expect(unmatched).toEqual(['Cleo']);
    // Someone here under an old name is found under the new one.
    expect([...matchNames(['Tom B.'], ['Tom'], sameName, { Tom: 'Tom B.' }).matched]).toEqual([['Tom B.', 'Tom']]);
  });

  it('[HF5] remembering a match keeps aliases flat, and the newer choice wins', () => {
    const history = sixWeeks();
    const once = withAlias(history, 'Tom', 'Tom B.');
    expect(once.aliases).toEqual({ Tom: 'Tom B.' });
    expect(history.aliases).toEqual({});
    expect(withAlias(once, 'Tom B.', 'Thomas').aliases).toEqual({ Tom: 'Thomas', 'Tom B.': 'Thomas' });
    expect(withAlias(once, 'Tom B.', 'Tom').aliases).toEqual({ 'Tom B.': 'Tom' });
    expect(withAlias(once, 'Tom', 'Tom B.')).toEqual(once);
    expect(withAlias(once, 'Tom B.', 'Tom B.')).toBe(once);
    const odd = withAlias(history, '__proto__', 'Ana');
    expect(Object.keys(odd.aliases)).toEqual(['__proto__']);
    expect(canonicalName(odd, '__proto__')).toBe('Ana');
    expect(Object.getPrototypeOf(odd.aliases)).toBe(Object.prototype);
  });
});
