import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../../shared/src/crypto/bytes.ts';
import type { HistoryFile } from '../../../shared/src/history/historyFile.ts';
import {
  type HistoryOpen,
  openHistory,
  PBKDF2_ITERATIONS,
  sealHistory,
  WRONG_PASSPHRASE,
} from '../../../shared/src/history/passphrase.ts';
import { sixWeeks } from './fixture.ts';

const PASSPHRASE = 'correct horse battery staple';

interface Envelope {
  format: string;
  version: number;
  kdf: { name: string; iterations: number; salt: string };
  iv: string;
  ciphertext: string;
}

function refusal(opened: HistoryOpen) {
  if (opened.ok) throw new Error('expected a refusal');
  expect(Object.keys(opened).sort()).toEqual(['message', 'ok', 'reason']);
  return { reason: opened.reason, message: opened.message };
}

/** The envelope with one change, as a hostile or damaged file would be. */
function altered(sealed: string, change: (e: Envelope) => void): string {
  const envelope = JSON.parse(sealed) as Envelope;
  change(envelope);
  return JSON.stringify(envelope);
}

function flipByte(base64: string, at: number): string {
  const bytes = fromBase64Url(base64)!;
  bytes[at]! ^= 1;
  return toBase64Url(bytes);
}

// Each 600,000-iteration derivation takes about half a second: the file is sealed once, and each
// test that needs the key derives it once.
describe('the history sealed with a passphrase', () => {
  let history: HistoryFile;
  let sealed: string;
  beforeAll(async () => {
    history = sixWeeks();
    sealed = await sealHistory(history, PASSPHRASE);
  });

  it('[HF3] seals with AES-GCM under PBKDF2-SHA-256 at 600,000 iterations, and opens again', async () => {
    const envelope = JSON.parse(sealed) as Envelope;
    expect(Object.keys(envelope)).toEqual(['format', 'version', 'kdf', 'iv', 'ciphertext']);
    expect(envelope).toMatchObject({
      format: 'holdspace-history-sealed',
      version: 1,
      kdf: { name: 'PBKDF2-SHA-256', iterations: 600_000 },
    });
    expect(fromBase64Url(envelope.kdf.salt)).toHaveLength(16);
    expect(fromBase64Url(envelope.iv)).toHaveLength(12);
    // Quoted, or with a space: base64url never holds either, so a match is plain text, not chance.
    expect(sealed).not.toContain('"Ana"');
    expect(sealed).not.toContain('Walk 20');
    expect(await openHistory(sealed, PASSPHRASE)).toEqual({ ok: true, history, from: 'history' });
  });

  it('[HF3] a wrong passphrase says so plainly and returns nothing', async () => {
    expect(refusal(await openHistory(sealed, 'correct horse battery stapler'))).toEqual({
      reason: 'wrong-passphrase',
      message: WRONG_PASSPHRASE,
    });
    expect(WRONG_PASSPHRASE).toBe('That passphrase does not open this file. Nothing was changed.');
  });

  it('[HF3] a changed ciphertext, IV, salt or iteration count does not open', async () => {
    const tampered = [
      altered(sealed, (e) => (e.ciphertext = flipByte(e.ciphertext, 10))),
      altered(sealed, (e) => (e.ciphertext = flipByte(e.ciphertext, fromBase64Url(e.ciphertext)!.length - 1))),
      altered(sealed, (e) => (e.iv = flipByte(e.iv, 0))),
      altered(sealed, (e) => (e.kdf.salt = flipByte(e.kdf.salt, 0))),
      altered(sealed, (e) => (e.kdf.iterations = 600_001)),
    ];
    const opened = await Promise.all(tampered.map((text) => openHistory(text, PASSPHRASE)));
    for (const result of opened) expect(refusal(result).reason).toBe('wrong-passphrase');
  });

  it('[HF3] a damaged or unknown envelope is refused before any key is derived', async () => {
    const cases = [
      altered(sealed, (e) => (e.version = 2)),
      altered(sealed, (e) => (e.kdf.name = 'scrypt')),
      altered(sealed, (e) => (e.iv = e.iv.slice(0, 8))),
      altered(sealed, (e) => (e.kdf.salt = `${e.kdf.salt}+`)),
      altered(sealed, (e) => (e.ciphertext = '')),
      altered(sealed, (e) => (e.kdf.iterations = 600_000.5)),
    ];
    const started = performance.now();
    const opened = await Promise.all(cases.map((text) => openHistory(text, PASSPHRASE)));
    expect(performance.now() - started).toBeLessThan(300);
    for (const result of opened) expect(refusal(result).reason).toBe('not-a-history');
    expect(refusal(opened[0]!).message).toMatch(/newer version of Holdspace/);
  });

  it('[HF3] files that ask for fewer than 600,000 or more than 5,000,000 iterations are refused', async () => {
    const weak = await sealHistory(history, PASSPHRASE, 1_000);
    expect(refusal(await openHistory(weak, PASSPHRASE))).toEqual({
      reason: 'not-a-history',
      message: 'This file is locked too weakly for Holdspace to trust it. Nothing was changed.',
    });
    const justBelow = altered(weak, (e) => (e.kdf.iterations = PBKDF2_ITERATIONS.min - 1));
    expect(refusal(await openHistory(justBelow, PASSPHRASE)).reason).toBe('not-a-history');
    // A hostile file must not keep the device busy: refused at once, nothing derived.
    const started = performance.now();
    const greedy = altered(weak, (e) => (e.kdf.iterations = 5_000_001));
    expect(refusal(await openHistory(greedy, PASSPHRASE)).message).toMatch(/far more work/);
    const endless = altered(weak, (e) => (e.kdf.iterations = 1e300));
    expect(refusal(await openHistory(endless, PASSPHRASE)).reason).toBe('not-a-history');
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('[HF3] every seal has its own salt and IV', async () => {
    const [a, b] = (await Promise.all([sealHistory(history, 'p', 1), sealHistory(history, 'p', 1)])).map(
      (text) => JSON.parse(text) as Envelope,
    );
    expect(a!.kdf.salt).not.toBe(b!.kdf.salt);
    expect(a!.iv).not.toBe(b!.iv);
    expect(a!.ciphertext).not.toBe(b!.ciphertext);
    await expect(sealHistory(history, '')).rejects.toThrow(RangeError);
  });

  it('[HF3] a sealed file asks for the passphrase; a plain history or board export needs none', async () => {
    expect(refusal(await openHistory(sealed, '')).reason).toBe('needs-passphrase');
    expect(await openHistory(JSON.stringify(history), '')).toEqual({ ok: true, history, from: 'history' });
    const board = { format: 'holdspace-board', version: 1, exportedAt: '2026-03-10T18:00:00Z', rows: [] };
    const opened = await openHistory(JSON.stringify(board), 'ignored');
    expect(opened.ok && opened.from).toBe('board-export');
    expect(refusal(await openHistory('not json', PASSPHRASE))).toEqual({
      reason: 'not-a-history',
      message: 'This file is not a Holdspace history or board export. Nothing was changed.',
    });
    expect(refusal(await openHistory('x'.repeat(3 * 1024 * 1024), PASSPHRASE)).message).toMatch(/too big/);
  });
});
