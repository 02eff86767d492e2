import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { planImport, toExport, toMarkdown } from '../../shared/src/board/exchange.ts';
import { ensureRow, readEntries, replaceText, setStatus } from '../../shared/src/board/model.ts';
import { boardRows, canWriteBoard } from '../../shared/src/board/rules.ts';
import { BoardImport } from '../../shared/src/protocol/board.ts';
import { sameName } from '../../shared/src/room/nameSkeleton.ts';

const members = [
  { id: 'a', name: 'Aisha' },
  { id: 'm', name: 'Marco' },
];

function sampleBoard(): Y.Doc {
  const doc = new Y.Doc();
  ensureRow(doc, 'm');
  ensureRow(doc, 'a');
  ensureRow(doc, 'a');
  replaceText(doc, 'a', 'commitment', 'Therapy email to 1 provider');
  replaceText(doc, 'm', 'commitment', '2 tech-free dinners | no phone');
  replaceText(doc, 'm', 'lastCommitment', 'Leave by 7:30\ntwice');
  setStatus(doc, 'm', 'half-kept');
  replaceText(doc, 'm', 'note', '<img src=x onerror=alert(1)>');
  return doc;
}

describe('board export and import', () => {
  it('[BD1] rows are added once per member and read back in the room’s join order, under its names', () => {
    expect(boardRows(members, readEntries(sampleBoard())).map((r) => [r.memberId, r.name, r.lastStatus])).toEqual([
      ['a', 'Aisha', 'not-reported'],
      ['m', 'Marco', 'half-kept'],
    ]);
  });

  it('[BD5] exports JSON that the import schema accepts, and Markdown with escaped cells', () => {
    const exported = toExport(
      boardRows(members, readEntries(sampleBoard())),
      'Weekly debrief',
      new Date('2026-11-25T10:00:00Z'),
    );
    expect(exported.rows[1]).toEqual({
      name: 'Marco',
      commitment: '2 tech-free dinners | no phone',
      lastCommitment: 'Leave by 7:30\ntwice',
      lastStatus: 'half-kept',
      note: '<img src=x onerror=alert(1)>',
    });
    const roundTrip = BoardImport.parse(JSON.parse(JSON.stringify(exported)));
    expect(roundTrip.rows.map((r) => r.commitment)).toEqual(exported.rows.map((r) => r.commitment));

    const md = toMarkdown(exported);
    expect(md).toContain('| Member | This time | Last time | Status | Note |');
    expect(md).toContain(
      '| Marco | 2 tech-free dinners \\| no phone | Leave by 7:30<br>twice | Half-kept | &lt;img src=x onerror=alert(1)&gt; |',
    );
    expect(md).not.toContain('<img');
    expect(md).toContain('| Aisha | Therapy email to 1 provider | — | Not reported | — |');
  });

  it('[BD5] importing last time fills each member’s "last time" by name, ignoring case', () => {
    const lastTime = toExport(boardRows(members, readEntries(sampleBoard())), 'p', new Date());
    const thisTime = new Y.Doc();
    ensureRow(thisTime, 'x1');
    ensureRow(thisTime, 'x2');
    const here = [
      { id: 'x1', name: 'MARCO' },
      { id: 'x2', name: 'Lina' },
    ];
    const plan = planImport(boardRows(here, readEntries(thisTime)), BoardImport.parse(lastTime).rows, sameName);
    expect(plan).toEqual({
      fill: [{ memberId: 'x1', lastCommitment: '2 tech-free dinners | no phone' }],
      unmatched: ['Aisha'],
      kept: [],
    });
  });

  it('[BD5] importing again fills only empty rows and never resets a reported status', () => {
    const lastTime = BoardImport.parse(toExport(boardRows(members, readEntries(sampleBoard())), 'p', new Date())).rows;
    const doc = new Y.Doc();
    for (const id of ['a', 'm']) ensureRow(doc, id);
    replaceText(doc, 'm', 'lastCommitment', 'Leave by 7:30, as I said it');
    setStatus(doc, 'm', 'kept');
    const plan = planImport(boardRows(members, readEntries(doc)), lastTime, sameName);
    // Aisha's row is still empty, so it fills; Marco's was filled and reported: it is left alone.
    expect(plan).toEqual({
      fill: [{ memberId: 'a', lastCommitment: 'Therapy email to 1 provider' }],
      unmatched: [],
      kept: ['Marco'],
    });
  });

  it('[BD4] the scribe and the facilitator write; nobody writes once the room has ended', () => {
    expect(canWriteBoard({ session: { stage: 'lobby' }, scribeId: 'm', facilitatorId: 'a' }, 'm')).toBe(true);
    expect(canWriteBoard({ session: { stage: 'lobby' }, scribeId: 'm', facilitatorId: 'a' }, 'a')).toBe(true);
    expect(canWriteBoard({ session: { stage: 'lobby' }, scribeId: 'm', facilitatorId: 'a' }, 'x')).toBe(false);
    expect(
      canWriteBoard({ session: { stage: 'ended', reason: 'facilitator' }, scribeId: 'm', facilitatorId: 'a' }, 'a'),
    ).toBe(false);
  });

  it('[BD5] refuses an import that is not a Holdspace board', () => {
    expect(BoardImport.safeParse({ rows: [] }).success).toBe(false);
    expect(BoardImport.safeParse({ format: 'holdspace-board', version: 2, rows: [] }).success).toBe(false);
  });
});
