import { describe, expect, it } from 'vitest';
import type { InputSet } from '../../src/bench/inputs.js';
import { sideBySide } from '../../src/bench/versus.js';

const family = (messages: string[]): InputSet => ({
  name: 'dev',
  description: 'test',
  long: false,
  round: () => messages,
  warmup: messages,
});

describe('side-by-side timing', () => {
  it('gives both handlers the same messages, round after round, and reports their ratio', async () => {
    const seen = { a: [] as string[], b: [] as string[] };
    const result = await sideBySide(
      (text) => seen.a.push(text),
      async (text) => {
        seen.b.push(text);
      },
      family(['one', 'two', 'three']),
      4,
      0,
    );
    // Each warms up until passes stop getting faster (at least three passes), then four timed rounds each.
    const timed = Array.from({ length: 4 }, () => ['one', 'two', 'three']).flat();
    for (const messages of [seen.a, seen.b]) {
      expect(messages.length).toBeGreaterThanOrEqual(9 + timed.length);
      expect(messages.slice(-timed.length)).toEqual(timed);
    }
    expect(result.messages).toBe(12);
    expect(result.rounds).toBe(4);
    expect(result.ratio).toBeCloseTo(result.respondPerSecond / result.nlpjsPerSecond, 6);
  });

  it('warms both up in turn, pass by pass, so neither has gone cold when timing starts', async () => {
    const calls: string[] = [];
    await sideBySide(
      (text) => calls.push(`a:${text}`),
      (text) => calls.push(`b:${text}`),
      family(['one', 'two']),
      2,
      0,
    );
    // Warm-up passes alternate: a's first pass, then b's, then a's second.
    expect(calls.slice(0, 6)).toEqual(['a:one', 'a:two', 'b:one', 'b:two', 'a:one', 'a:two']);
  });
});
