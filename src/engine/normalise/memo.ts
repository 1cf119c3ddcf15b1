/**
 * A cache of at most `limit` entries kept as two generations: new entries go to the young one, and when it
 * is full it becomes the old one (the previous old one is dropped). An entry found in the old generation
 * moves back to the young one. So words a stream of new input keeps using (the vocabulary, common typos)
 * survive a flood of one-off words, where clearing the whole cache when full made every hot word cost a
 * recomputation every few thousand new words. Memory stays bounded by `limit`.
 */
export class TwoGenerationCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly generation: number;

  constructor(limit: number) {
    this.generation = Math.max(1, Math.floor(limit / 2));
  }

  get(key: string): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

/**
 * A function's results kept for the arguments it sees again, at most `limit` of them: people repeat the same
 * words and the knowledge base the same texts, while a flood of new input cannot grow the memory.
 */
export const boundedMemo = <T>(limit: number, compute: (key: string) => T): ((key: string) => T) => {
  const known = new TwoGenerationCache<T>(limit);
  return (key: string): T => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
};

/**
 * Values kept by two string keys (a knowledge-base text, then what filled it), at most `limit` first keys and
 * `limit` second keys under each: a level is emptied when full, so a flood of new keys cannot grow the memory.
 */
export class TwoKeyMemo<T> {
  private readonly byFirst = new Map<string, Map<string, T>>();
  constructor(private readonly limit: number) {}

  get(first: string, second: string): T | undefined {
    return this.byFirst.get(first)?.get(second);
  }

  set(first: string, second: string, value: T): void {
    let bySecond = this.byFirst.get(first);
    if (bySecond === undefined) {
      if (this.byFirst.size >= this.limit) this.byFirst.clear();
      bySecond = new Map();
      this.byFirst.set(first, bySecond);
    }
    if (bySecond.size >= this.limit) bySecond.clear();
    bySecond.set(second, value);
  }
}
