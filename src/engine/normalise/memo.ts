/**
 * A function's results kept for the arguments it sees again, at most `limit` of them: people repeat the same
 * words and the knowledge base the same texts, while a flood of new input cannot grow the memory (past the
 * limit everything is forgotten at once, which costs one recomputation each).
 */
export const boundedMemo = <T>(limit: number, compute: (key: string) => T): ((key: string) => T) => {
  const known = new Map<string, T>();
  return (key: string): T => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= limit) known.clear();
      known.set(key, value);
    }
    return value;
  };
};
