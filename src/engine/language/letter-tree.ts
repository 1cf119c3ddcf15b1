/**
 * Words as a tree of their letters (UTF-16 code units), so a word's starts are walked without slicing a string
 * per letter: node ids 1, 2, ... (0 is the root), a child by `parent * 65536 + code` in one map of small
 * integers, and per node the bits of the entries that end there.
 */
export interface LetterTree {
  children: Map<number, number>;
  ends: Uint8Array;
}

/** An entry: the word, the index its letters start at (a mark before them is skipped), the bits it ends with. */
export type LetterTreeEntry = readonly [word: string, from: number, bits: number];

export const letterTree = (entries: Iterable<LetterTreeEntry>): LetterTree => {
  const children = new Map<number, number>();
  const ends: number[] = [0];
  for (const [word, from, bits] of entries) {
    let node = 0;
    for (let i = from; i < word.length; i++) {
      const key = node * 65536 + word.charCodeAt(i);
      let child = children.get(key);
      if (child === undefined) {
        child = ends.length;
        ends.push(0);
        children.set(key, child);
      }
      node = child;
    }
    ends[node] = (ends[node] as number) | bits;
  }
  return { children, ends: Uint8Array.from(ends) };
};
