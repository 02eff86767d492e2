import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockTime, overPlan } from '../../client/src/lib/clockTime.ts';
import { holdPendingJoin, takePendingJoin } from '../../client/src/lib/pendingJoin.ts';
import { checkRow, contactHint, newRow, resourcesOf, sameResources } from '../../client/src/lib/resourceRows.ts';
import { RoomResource } from '../../shared/src/protocol/resources.ts';

const hasErrors = (row: ReturnType<typeof newRow>) => Object.keys(checkRow(row).errors).length > 0;

describe('the create page’s helpers', () => {
  it('[SF2] a resource row is refused on the page exactly when the server’s schema refuses it, and sent as the schema cleans it', () => {
    const samples = [
      ['Physician support line', '+1 (888) 409-0141'],
      ['EAP', 'https://eap.example.org/help'],
      ['  Peer line  ', ' 0800 123 456 '],
      ['', '0800 123 456'],
      ['Call us', 'call me'],
      ['Script', 'javascript:alert(1)'],
      ['Short', '12'],
      ['Ftp', 'ftp://x.example'],
      ['x'.repeat(81), '112'],
      ['Long link', `https://example.org/${'a'.repeat(190)}`],
      ['\u200B', '999'],
    ];
    const text = fc.string({
      maxLength: 90,
      unit: fc.constantFrom('a', ' ', '1', '+', '-', '(', ')', '.', ':', '/', '\u200B', 'é'),
    });
    const generated = fc.sample(fc.tuple(text, fc.oneof(text, fc.webUrl())), 300);
    for (const [name, contact] of [...samples, ...generated] as [string, string][]) {
      const row = { ...newRow(), name, contact };
      const parsed = RoomResource.safeParse({ name, contact });
      expect(hasErrors(row), JSON.stringify([name, contact])).toBe(!parsed.success);
      if (parsed.success) expect(checkRow(row).resource).toEqual(parsed.data);
    }
  });

  it('[SF2] the page says which field is wrong, recognises the kind of contact, and sends nothing while a row is wrong', () => {
    const bad = { ...newRow(), name: 'EAP', contact: 'call me' };
    expect(checkRow(bad).errors.name).toBeUndefined();
    expect(checkRow(bad).errors.contact).toMatch(/neither a phone number nor a web link/);
    expect(checkRow({ ...bad, name: ' ' }).errors.name).toBe('Write the name of the resource.');
    expect([contactHint('+44 20 7946 0958'), contactHint('https://eap.example.org'), contactHint('nope')]).toEqual([
      'A phone number',
      'A web link',
      null,
    ]);
    const good = { ...newRow(), name: ' EAP ', contact: 'https://eap.example.org' };
    expect(resourcesOf([good, bad])).toBeNull();
    expect(resourcesOf([good])).toEqual([{ name: 'EAP', contact: 'https://eap.example.org' }]);
    expect(resourcesOf([])).toEqual([]);
    expect(newRow().key).not.toBe(newRow().key);
    expect(sameResources([{ name: 'a', contact: '112' }], [{ name: 'a', contact: '112' }])).toBe(true);
    expect(sameResources([{ name: 'a', contact: '112' }], [])).toBe(false);
  });

  it('[GD4] the end time reads as the device’s locale writes a clock: 24 or 12 hours; minutes over plan from the first whole minute', () => {
    const at = Date.UTC(2025, 0, 6, 18, 45);
    expect(clockTime(at, { locale: 'en-GB', timeZone: 'UTC' })).toBe('18:45');
    expect(clockTime(at, { locale: 'de-DE', timeZone: 'Europe/Berlin' })).toBe('19:45');
    expect(clockTime(at, { locale: 'en-US', timeZone: 'UTC' }).replace(/\s/g, ' ')).toBe('6:45 PM');
    expect([overPlan(0), overPlan(59_999), overPlan(60_000), overPlan(-300_000), overPlan(7.5 * 60_000)]).toEqual([
      null,
      null,
      '1 min over plan',
      null,
      '7 min over plan',
    ]);
  });

  it('[PR6] the creator’s name goes from the create page to its room once, in memory', () => {
    holdPendingJoin('room-a', 'Fran');
    expect(takePendingJoin('room-b')).toBeNull();
    expect(takePendingJoin('room-a')).toBe('Fran');
    expect(takePendingJoin('room-a')).toBeNull();
  });
});
