import { describe, expect, it } from 'vitest';
import { TwoKeyMemo } from '../../src/engine/normalise/memo.js';

describe('TwoKeyMemo', () => {
  it('keeps a value by its two keys', () => {
    const memo = new TwoKeyMemo<string>(10);
    memo.set('reply', '112', 'call 112');
    memo.set('reply', '999', 'call 999');
    expect(memo.get('reply', '112')).toBe('call 112');
    expect(memo.get('reply', '999')).toBe('call 999');
    expect(memo.get('reply', '911')).toBeUndefined();
    expect(memo.get('other', '112')).toBeUndefined();
  });

  it('never holds more than its limit under one key, nor more first keys than its limit', () => {
    const memo = new TwoKeyMemo<number>(3);
    for (let i = 0; i < 10; i++) memo.set('text', String(i), i);
    const kept = Array.from({ length: 10 }, (_, i) => memo.get('text', String(i))).filter(
      (v) => v !== undefined,
    );
    expect(kept.length).toBeLessThanOrEqual(3);
    expect(memo.get('text', '9')).toBe(9);
    for (let i = 0; i < 10; i++) memo.set(`text ${i}`, 'x', i);
    const firsts = Array.from({ length: 10 }, (_, i) => memo.get(`text ${i}`, 'x')).filter(
      (v) => v !== undefined,
    );
    expect(firsts.length).toBeLessThanOrEqual(3);
    expect(memo.get('text 9', 'x')).toBe(9);
  });
});
