import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/engine/normalise/fuzzy.js';

/** Every cell of the optimal-string-alignment table, for comparison with the banded editDistance. */
const fullDistance = (a: string, b: string): number => {
  const table = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = table[i] as number[];
      const above = table[i - 1] as number[];
      let value = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, ((table[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = value;
    }
  return (table[a.length] as number[])[b.length] as number;
};

/** A small deterministic generator: the same cases every run. */
const generator = (seed: number) => {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
};

describe('editDistance', () => {
  it('is exact within the limit and limit + 1 above it, on words near and far', () => {
    const random = generator(7);
    const word = (length: number) =>
      Array.from({ length }, () => 'abc'.charAt(Math.floor(random() * 3))).join('');
    for (let t = 0; t < 20_000; t++) {
      const a = word(Math.floor(random() * 14));
      const b =
        random() < 0.5
          ? word(Math.floor(random() * 14))
          : `${a.slice(1)}${word(Math.floor(random() * 2))}`.split('').reverse().join('');
      const limit = Math.floor(random() * 6);
      const full = fullDistance(a, b);
      const banded = editDistance(a, b, limit);
      if (full <= limit) expect(banded, `${a} ${b} ${limit}`).toBe(full);
      else expect(banded, `${a} ${b} ${limit}`).toBe(limit + 1);
    }
  });

  it('counts a swap of neighbours as one edit, also far from the start', () => {
    expect(editDistance('swelling', 'swellnig', 2)).toBe(1);
    expect(editDistance('breathless', 'brehtaless', 2)).toBe(2);
    expect(editDistance('numbness', 'numbnses', 0)).toBe(1);
  });
});
