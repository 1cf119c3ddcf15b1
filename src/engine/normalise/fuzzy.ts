/**
 * Typo-tolerant word lookup. People in pain type fast: "swolen", "brethless", "numbnes". A word of
 * 5+ letters may be one edit away from a vocabulary word, a word of 8+ letters two edits.
 *
 * Real words near a symptom word ("selling" / "swelling", "lying" / "flying") are listed in the knowledge
 * file's `not_typos` and never corrected.
 *
 * Uses deletes (the SymSpell idea): every vocabulary word is stored under each string made by deleting up
 * to its allowed number of letters, and a message word looks up its own one-letter deletes. The work per
 * message word is bounded by its length (capped), never by the vocabulary size, which keeps triage linear
 * in the message length. Two wrong or two extra letters in one long word are not found; that is the price
 * of staying fast on 4,096-character messages of never-seen words.
 */

import { TwoGenerationCache } from './memo.js';

/** Longest word we try to correct; longer tokens are pasted links or keyboard mashing. */
const MAX_FUZZY_LENGTH = 24;
/** Bounded memo so a flood of unique junk words cannot grow memory without limit. */
const MEMO_LIMIT = 20_000;

/** Edits allowed between two words, judged by the shorter so that "calf" never becomes "half". */
export const allowedEdits = (shorterLength: number): number =>
  shorterLength >= 8 ? 2 : shorterLength >= 5 ? 1 : 0;

/** Three DP rows, reused by every call (editDistance is synchronous): no arrays allocated per comparison. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/**
 * Optimal-string-alignment distance (a swap of neighbours counts as one edit), or `limit + 1` if above.
 * Only the band of cells within `limit` of the diagonal is worked out: a cell further off is more than
 * `limit` edits whatever the letters, and an alignment within `limit` edits never leaves the band (a swap
 * stays on its diagonal). Cells just outside the band read as `limit + 1`. Distances within `limit` are
 * exact; any above come back as `limit + 1`.
 */
export const editDistance = (a: string, b: string, limit: number): number => {
  const above = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return above;
  const n = b.length;
  if (rows[0].length < n + 2) rows = [new Int32Array(n + 2), new Int32Array(n + 2), new Int32Array(n + 2)];
  let beforePrevious = rows[0];
  let previous = rows[1];
  let current = rows[2];
  for (let j = 0; j <= n; j++) previous[j] = Math.min(j, above);
  for (let i = 1; i <= a.length; i++) {
    const here = a.charCodeAt(i - 1);
    const last = i > 1 ? a.charCodeAt(i - 2) : -1;
    const from = Math.max(i - limit, 1);
    const to = Math.min(i + limit, n);
    // The row above was worked out up to i - 1 + limit: the cell past it reads as off the band. So does the
    // cell before this row's band (the rows are reused, so it may hold an older row's value).
    if (i + limit <= n) previous[i + limit] = above;
    current[0] = i;
    if (from > 1) current[from - 1] = above;
    let rowMin = i;
    for (let j = from; j <= to; j++) {
      const there = b.charCodeAt(j - 1);
      let value = (previous[j - 1] as number) + (here === there ? 0 : 1);
      const up = (previous[j] as number) + 1;
      if (up < value) value = up;
      const left = (current[j - 1] as number) + 1;
      if (left < value) value = left;
      if (i > 1 && j > 1 && here === b.charCodeAt(j - 2) && last === there) {
        const swap = (beforePrevious[j - 2] as number) + 1;
        if (swap < value) value = swap;
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return above;
    const spare = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = spare;
  }
  const distance = previous[n] as number;
  return distance > limit ? above : distance;
};

/**
 * Calls `visit` with every string made by deleting up to `depth` letters from `word`, never the first
 * letter: people rarely mistype it, and keeping it halves the real words that look like typos ("found" /
 * "wound", "painting" / "fainting"). Repeats are possible and harmless.
 */
const forEachDelete = (word: string, depth: number, visit: (variant: string) => void): void => {
  visit(word);
  for (let i = 1; i < word.length; i++) {
    const once = word.slice(0, i) + word.slice(i + 1);
    visit(once);
    if (depth < 2) continue;
    for (let j = i; j < once.length; j++) visit(once.slice(0, j) + once.slice(j + 1));
  }
};

/** "rcamp" -> "cramp": the one first-letter typo we accept is swapping the first two letters. */
const swapStart = (word: string): string => word.charAt(1) + word.charAt(0) + word.slice(2);

/** First letter and length as one number (no string garbage on the hot path). */
const shape = (firstCode: number, length: number): number => firstCode * 64 + Math.min(length, 63);

/**
 * The strings a message word is looked up by, in the order search checks them: the word (variant 0), its
 * one-letter deletes (variant i drops letter i, for i from 1), its first two letters swapped (the last).
 * Only their filter hashes are made: most variants are in no bucket, and the filter says so, so a variant's
 * string is made only when its bit is set (variantOf), where making every one made two thirds of the
 * garbage a word searched for left. Triage and the intent matcher each search their own index for the same
 * mistyped words of a message: the hashes are worked out once for both. A few recent words only, so the
 * memory stays small.
 */
const VARIANTS_LIMIT = 256;
const recentVariants = new Map<string, readonly number[]>();
const lookupVariants = (word: string): readonly number[] => {
  let hashes = recentVariants.get(word);
  if (hashes === undefined) {
    // A plain array of small integers: a typed array per new word cost more to make than it saved.
    const made: number[] = [keyHash(word)];
    for (let i = 1; i < word.length; i++) made.push(deleteHash(word, i));
    made.push(swapStartHash(word));
    hashes = made;
    if (recentVariants.size >= VARIANTS_LIMIT) recentVariants.clear();
    recentVariants.set(word, hashes);
  }
  return hashes;
};

/** Variant `i` of a word as lookupVariants numbers them. */
const variantOf = (word: string, i: number): string =>
  i === 0 ? word : i < word.length ? word.slice(0, i) + word.slice(i + 1) : swapStart(word);

const FNV_START = 0x811c9dc5;
const fnvStep = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);
/** The last steps of keyHash, kept to 30 bits (small integers). */
const mixHash = (fnv: number): number => {
  let hash = fnv ^ (fnv >>> 15);
  hash = Math.imul(hash, 0x2c1b3c6d);
  return (hash ^ (hash >>> 12)) & 0x3fffffff;
};

/** A string's hash for the bucket filters (FNV-1a over UTF-16 units, then mixed), kept to 30 bits (small integers). */
const keyHash = (text: string): number => {
  let hash = FNV_START;
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return mixHash(hash);
};

/** keyHash of the word without its letter at `skip`, without making that string. */
const deleteHash = (word: string, skip: number): number => {
  let hash = FNV_START;
  for (let i = 0; i < word.length; i++) if (i !== skip) hash = fnvStep(hash, word.charCodeAt(i));
  return mixHash(hash);
};

/** keyHash of swapStart(word), without making that string. */
const swapStartHash = (word: string): number => {
  // swapStart reads a missing letter as nothing (charAt).
  let hash = FNV_START;
  if (word.length > 1) hash = fnvStep(hash, word.charCodeAt(1));
  if (word.length > 0) hash = fnvStep(hash, word.charCodeAt(0));
  for (let i = 2; i < word.length; i++) hash = fnvStep(hash, word.charCodeAt(i));
  return mixHash(hash);
};

/**
 * A bit per hash of every delete variant in the index: most variants of a typo are in no bucket, and a
 * clear bit says so without a lookup in the bucket map (hundreds of thousands of keys, so a cache miss or
 * more each). A set bit may be another key's: the map still decides.
 */
const buildFilter = (keys: Iterable<string>, count: number): { bits: Int32Array; mask: number } => {
  let size = 1 << 10;
  while (size < count * 16 && size < 1 << 24) size <<= 1;
  const bits = new Int32Array(size >>> 5);
  const mask = size - 1;
  for (const key of keys) {
    const at = keyHash(key) & mask;
    bits[at >>> 5] = (bits[at >>> 5] as number) | (1 << (at & 31));
  }
  return { bits, mask };
};

const NONE: readonly string[] = Object.freeze([]);

/** A FuzzyIndex as plain data and typed arrays (see FuzzyIndex.pack). */
export interface PackedFuzzy {
  vocabulary: string[];
  exactOnly: string[];
  aliases: [string, string][];
  shapes: Int32Array;
  /** The delete variants, in the index's order; `sizes[i]` words of `entries` belong to `deletes[i]`. */
  deletes: string[];
  sizes: Int32Array;
  words: string[];
  entries: Int32Array;
}

export class FuzzyIndex {
  private readonly vocabulary: ReadonlySet<string>;
  private byDelete: Map<string, string[]> | null = new Map<string, string[]>();
  /** Buckets of an unpacked index not yet built: most lookups find the word itself and never need them. */
  private packedBuckets: Pick<PackedFuzzy, 'words' | 'entries' | 'sizes' | 'deletes'> | null = null;
  /** First letter and length of every vocabulary word, to skip words that cannot be near any of them. */
  private readonly shapes = new Set<number>();
  /** The first letters of `shapes`: a word starting with neither of two others is near no word. */
  private readonly starts = new Set<number>();
  private readonly exactOnly: ReadonlySet<string>;
  private readonly aliases: ReadonlyMap<string, string>;
  private readonly memo = new TwoGenerationCache<readonly string[]>(MEMO_LIMIT);
  /** The buckets' filter (see buildFilter), built with the buckets on first search. */
  private filter: { bits: Int32Array; mask: number } | null = null;

  /**
   * @param vocabulary words the rules look for
   * @param exactOnly real words that must never be read as typos of a vocabulary word
   * @param aliases spellings the normaliser rewrites before lookup ("colour" -> "color"): a typo of the
   *   spelling the person meant ("oclour") is two edits from the rewritten word, one from the alias
   */
  constructor(
    vocabulary: Iterable<string>,
    exactOnly: Iterable<string>,
    aliases: ReadonlyMap<string, string> = new Map(),
  ) {
    this.vocabulary = new Set(vocabulary);
    this.exactOnly = new Set(exactOnly);
    this.aliases = aliases;
    for (const word of [...this.vocabulary, ...aliases.keys()]) {
      const depth = allowedEdits(word.length);
      if (depth === 0 || word.length > MAX_FUZZY_LENGTH) continue;
      this.shapes.add(shape(word.charCodeAt(0), word.length));
      this.starts.add(word.charCodeAt(0));
      const byDelete = this.buckets();
      forEachDelete(word, depth, (variant) => {
        const bucket = byDelete.get(variant);
        if (!bucket) byDelete.set(variant, [word]);
        else if (bucket[bucket.length - 1] !== word) bucket.push(word);
      });
    }
  }

  /**
   * The index as flat tables, for a compiled snapshot: the serializer writes a string once per bucket it
   * sits in and reads back one object per bucket, which made reading the index back slower than building
   * it. Words are stored once and buckets as indexes into them.
   */
  pack(): PackedFuzzy {
    const words: string[] = [];
    const wordIndex = new Map<string, number>();
    const byDelete = this.buckets();
    const sizes = new Int32Array(byDelete.size);
    const entries: number[] = [];
    let at = 0;
    for (const bucket of byDelete.values()) {
      sizes[at++] = bucket.length;
      for (const word of bucket) {
        let index = wordIndex.get(word);
        if (index === undefined) {
          index = words.length;
          words.push(word);
          wordIndex.set(word, index);
        }
        entries.push(index);
      }
    }
    return {
      vocabulary: [...this.vocabulary],
      exactOnly: [...this.exactOnly],
      aliases: [...this.aliases],
      shapes: Int32Array.from(this.shapes),
      deletes: [...byDelete.keys()],
      sizes,
      words,
      entries: Int32Array.from(entries),
    };
  }

  /** The index `pack` described, without building it again; equal to the one packed in every lookup. */
  static unpack(packed: PackedFuzzy): FuzzyIndex {
    const index = Object.create(FuzzyIndex.prototype) as FuzzyIndex;
    const { words, entries, sizes, deletes } = packed;
    // Same fields, in the order construction sets them (class fields first), so the same object shape.
    Object.assign(index, {
      byDelete: null,
      packedBuckets: { words, entries, sizes, deletes },
      shapes: new Set(packed.shapes),
      starts: new Set(Array.from(packed.shapes, (packedShape) => Math.floor(packedShape / 64))),
      memo: new TwoGenerationCache<readonly string[]>(MEMO_LIMIT),
      filter: null,
      vocabulary: new Set(packed.vocabulary),
      exactOnly: new Set(packed.exactOnly),
      aliases: new Map(packed.aliases),
    });
    return index;
  }

  /** The buckets, built from the packed tables on first use after `unpack`. */
  private buckets(): Map<string, string[]> {
    if (this.byDelete) return this.byDelete;
    const { words, entries, sizes, deletes } = this.packedBuckets as NonNullable<typeof this.packedBuckets>;
    const byDelete = new Map<string, string[]>();
    // Buckets sliced from one array are packed and exactly as long as built ones; pushed ones kept spare
    // room (several MB over all buckets, enough to push `npm start` past its memory target).
    const all = Array.from(entries, (index) => words[index] as string);
    let at = 0;
    for (let i = 0; i < deletes.length; i++) {
      const size = sizes[i] as number;
      byDelete.set(deletes[i] as string, all.slice(at, at + size));
      at += size;
    }
    this.byDelete = byDelete;
    this.packedBuckets = null;
    return byDelete;
  }

  /** Vocabulary words this message word may stand for: itself if known, otherwise its near misses. */
  lookup(word: string): readonly string[] {
    if (this.vocabulary.has(word)) return [word];
    // A word search would find near nothing at a glance (too short or long to correct, or starting with
    // letters no vocabulary word starts with: a Latin word in a Cyrillic index) costs no memo lookups and
    // takes no memo room.
    if (!this.mayStartNear(word)) return NONE;
    const known = this.memo.get(word);
    if (known) return known;
    const found = this.search(word);
    this.memo.set(word, found);
    return found;
  }

  /**
   * `lookup` without the memo, for a caller that keeps each word's answer itself (triage reads a word once
   * per word, not per message): a second memo there only cost a miss, an entry and its garbage per new word.
   */
  lookupUnmemoised(word: string): readonly string[] {
    if (this.vocabulary.has(word)) return [word];
    if (!this.mayStartNear(word)) return NONE;
    return this.search(word);
  }

  private search(word: string): readonly string[] {
    const depth = allowedEdits(word.length);
    if (depth === 0 || word.length > MAX_FUZZY_LENGTH || this.exactOnly.has(word)) return NONE;
    if (!this.mayBeNear(word, depth)) return NONE;
    // Only the nearest words: "sweleing" is one edit from "swelling" and two from "sweltering", and a
    // person who typed it meant the first.
    // Made on the first near word: most searches (a new word each) find none. Two small parallel arrays
    // rather than a map: a handful of near words at most, and no entry pairs to spread and filter.
    let found: string[] | null = null;
    let distances: number[] | null = null;
    let nearest = Number.POSITIVE_INFINITY;
    const byDelete = this.buckets();
    this.filter ??= buildFilter(byDelete.keys(), byDelete.size);
    const { bits, mask } = this.filter;
    // One delete on the message side, up to two on the vocabulary side (stored): finds every missing
    // letter pair, and one swapped, extra or wrong letter plus one missing, at a cost linear in the word.
    // The buckets are read in this loop rather than by a closure made per search (every new word).
    const hashes = lookupVariants(word);
    for (let i = 0; i < hashes.length; i++) {
      const at = (hashes[i] as number) & mask;
      if (((bits[at >>> 5] as number) & (1 << (at & 31))) === 0) continue;
      const bucket = byDelete.get(variantOf(word, i));
      if (!bucket) continue;
      for (const candidate of bucket) {
        const meant = this.aliases.get(candidate) ?? candidate;
        if (found?.includes(meant)) continue;
        const limit = allowedEdits(Math.min(word.length, candidate.length));
        if (limit === 0) continue;
        const distance = editDistance(word, candidate, limit);
        if (distance > limit) continue;
        found ??= [];
        distances ??= [];
        found.push(meant);
        distances.push(distance);
        nearest = Math.min(nearest, distance);
      }
    }
    if (found === null || distances === null) return NONE;
    // The nearest words in the order they were first found, as the map's insertion order gave them.
    const nearestWords: string[] = [];
    for (let k = 0; k < found.length; k++)
      if (distances[k] === nearest) nearestWords.push(found[k] as string);
    return nearestWords;
  }

  /**
   * Whether `mayBeNear` could hold: a length search corrects, and a first letter some word starts with.
   * Public for a caller keeping its own memo: a word failing it is near nothing and needs no memo entry.
   */
  mayStartNear(word: string): boolean {
    if (allowedEdits(word.length) === 0 || word.length > MAX_FUZZY_LENGTH) return false;
    return this.starts.has(word.charCodeAt(0)) || this.starts.has(word.charCodeAt(1));
  }

  /** Cheap test: is there a vocabulary word with this first letter (or the second) and a close length? */
  private mayBeNear(word: string, depth: number): boolean {
    for (let length = word.length - depth; length <= word.length + depth; length++) {
      if (
        this.shapes.has(shape(word.charCodeAt(0), length)) ||
        this.shapes.has(shape(word.charCodeAt(1), length))
      ) {
        return true;
      }
    }
    return false;
  }
}
