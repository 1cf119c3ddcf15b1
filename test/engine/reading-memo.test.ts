import { describe, expect, it } from 'vitest';
import { ReadingMemo, type WordReading } from '../../src/engine/triage/match.js';

const reading = (): WordReading => ({
  candidates: [],
  anchored: [],
  elementIds: null,
  records: null,
  wordBits: 0,
  used: false,
});

describe('ReadingMemo', () => {
  it('stays within its limit under a flood of new words', () => {
    const memo = new ReadingMemo(100);
    for (let i = 0; i < 10_000; i++) memo.set(`junk${i}`, reading());
    expect(memo.size).toBeLessThanOrEqual(100);
  });

  it('keeps a word read again through a flood of one-off words', () => {
    const memo = new ReadingMemo(100);
    const hot = reading();
    memo.set('calf', hot);
    for (let i = 0; i < 10_000; i++) {
      memo.set(`junk${i}`, reading());
      if (i % 20 === 0) expect(memo.get('calf')).toBe(hot);
    }
    expect(memo.get('calf')).toBe(hot);
  });

  it('drops a word no one reads again', () => {
    const memo = new ReadingMemo(100);
    memo.set('once', reading());
    for (let i = 0; i < 1000; i++) memo.set(`junk${i}`, reading());
    expect(memo.get('once')).toBeUndefined();
  });
});
