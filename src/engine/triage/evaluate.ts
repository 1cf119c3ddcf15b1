/**
 * One message through the pipeline: words -> phrases -> claims -> negation, worry and past -> concepts ->
 * rules (with what earlier turns left) -> level, or the safety question.
 */
import { LEVELS, type Level, type TriageResult } from '../types.js';
import {
  type CompiledContext,
  type Element,
  findPhrases,
  type Matcher,
  OPENS_NEGATION,
  type Pattern,
  type PhraseMatch,
  RU_LEG_FORM,
  readWord,
  type WordReading,
} from './match.js';
import { foldAnsweredDenials, negatedTokens, SCOPE_BREAKERS } from './negation.js';
import { deniesOwnSign, isGeneralQuestion } from './question.js';
import {
  isRuPastVerb,
  isRuPluralOnlyLegForm,
  pluralLegPositions,
  RU_ONGOING_SINCE,
  ruJoinersBefore,
} from './russian.js';
import { type Token, tokenise } from './tokens.js';

/** "What are the signs of…", "how do you tell…": a request for facts, answered by its topic's buttons. */
// `\b` only knows Latin letters, so the end of the opener is "no letter follows"; Russian greetings
// ("привет, подскажите, какие признаки...") may come first.
const INFORMATION_REQUEST =
  /^((привет|здравствуйте|добрый день|подскажите|скажите|пожалуйста)[\s,!.]+)*(what('s| is| are| does| do)|how (do|can|would|to|is|are|does)|which|signs of|symptoms of|what signs|how to tell|is (it|there)|are|can|could|do|does|should|как|какие|какой|какая|каковы|что такое|чем|что делать|что будет|бывает ли|бывают ли|может ли|могут ли|почему|отчего)(?!\p{L})/iu;

export interface CompiledRule {
  id: string;
  level: Exclude<Level, 'none'>;
  /** Alternatives as concept indexes; a negative entry `~i` needs concept `i` absent from this message. */
  when: readonly (readonly number[])[];
}

/** What triage saw, for tests, the knowledge linter and debugging a missed or false flag. */
export interface TriageTrace extends TriageResult {
  /** Concepts present now and not negated. */
  concepts: string[];
  /** Concepts found only inside a negation ("no swelling"). */
  negated: string[];
  /** Concepts found only inside worry or supposition ("worried about a clot", "what if"). */
  hypothetical: string[];
  /** Concepts found only in a clause about the past ("had a clot years ago"). */
  past: string[];
  /** A question about signs in general, with no personal report: no rule fires. */
  generalQuestion: boolean;
  /** Rules a general question would fire if it were a report (an emergency one makes the bot ask). */
  wouldFire: string[];
}

/** Words a worry or supposition reaches ("worried about [a clot in my] leg"). */
const HYPOTHETICAL_REACH = 6;

const rank = (level: Level): number => LEVELS.indexOf(level);

/**
 * What a phrase counts for among the concepts context.yaml names, as bits: worked out once per phrase
 * rather than by searching its concept list in every message (0 where not worked out yet).
 */
const KNOWN = 1;
const EXCLUSIVE = 2;
const CALM = 4;
const HYPOTHETICAL = 8;
const FICTION = 16;
const RECENT = 32;
const RESOLVED = 64;
const HISTORY = 128;
const PRESENT = 256;
const LEG_ONE = 512;
/** The phrase holds a negator word (only those consume one). */
const HAS_NEGATOR = 1024;
/** The phrase tells how long something went on ("for a couple of days", "пару дней"). */
const SPAN = 2048;
const ONGOING = 4096;

interface ConceptFlags {
  present: Uint8Array;
  seenNegated: Uint8Array;
  seenSupposed: Uint8Array;
  seenPast: Uint8Array;
  remembered: Uint8Array;
  /** Concepts set in any of the arrays this message, each once: only these are cleared and read. */
  touched: number[];
  isTouched: Uint8Array;
}

/**
 * Per matcher, built on first use: concept indexes evaluate looks up by name, phrase bits, and one set of
 * per-concept flags reused by every evaluation. Evaluate is synchronous and nothing it returns holds the
 * flags, so fresh arrays per message would only feed the garbage collector.
 */
interface Prepared {
  index: ReadonlyMap<string, number>;
  legOne: number;
  bothLegs: number;
  anyoneWord: number;
  lasting: number;
  bits: Uint16Array;
  flags: ConceptFlags;
}

const preparedSets = new WeakMap<Matcher, Prepared>();
/** The matcher of the last message: nearly every call uses the same one, so the WeakMap is skipped. */
let lastMatcher: Matcher | null = null;
let lastPrepared: Prepared | null = null;

const prepare = (matcher: Matcher): Prepared => {
  if (matcher === lastMatcher && lastPrepared) return lastPrepared;
  let prepared = preparedSets.get(matcher);
  if (!prepared) {
    const size = matcher.conceptNames.length;
    const index = new Map(matcher.conceptNames.map((name, i) => [name, i]));
    prepared = {
      index,
      legOne: index.get('leg_one') ?? -1,
      bothLegs: index.get('both_legs') ?? -1,
      anyoneWord: index.get('anyone_word') ?? -1,
      lasting: index.get('lasting') ?? -1,
      bits: new Uint16Array(matcher.phraseCount),
      flags: {
        present: new Uint8Array(size),
        seenNegated: new Uint8Array(size),
        seenSupposed: new Uint8Array(size),
        seenPast: new Uint8Array(size),
        remembered: new Uint8Array(size),
        touched: [],
        isTouched: new Uint8Array(size),
      },
    };
    preparedSets.set(matcher, prepared);
  }
  lastMatcher = matcher;
  lastPrepared = prepared;
  return prepared;
};

const bitsOf = (pattern: Pattern, prepared: Prepared, context: CompiledContext): number => {
  let bits = prepared.bits[pattern.id] as number;
  if (bits !== 0) return bits;
  const { concepts } = pattern;
  bits = KNOWN;
  for (const concept of concepts) if (context.exclusive.has(concept)) bits |= EXCLUSIVE;
  // Markers not set are -1, which no phrase counts for.
  if (concepts.includes(context.calm)) bits |= CALM;
  if (concepts.includes(context.hypothetical)) bits |= HYPOTHETICAL;
  if (concepts.includes(context.fiction)) bits |= FICTION;
  if (concepts.includes(context.recentMarker)) bits |= RECENT;
  if (concepts.includes(context.resolvedMarker)) bits |= RESOLVED;
  if (concepts.includes(context.historyMarker)) bits |= HISTORY;
  if (concepts.includes(context.ongoingMarker)) bits |= ONGOING;
  if (concepts.includes(context.presentMarker)) bits |= PRESENT;
  if (concepts.includes(prepared.legOne)) bits |= LEG_ONE;
  if (concepts.includes(prepared.lasting)) bits |= SPAN;
  for (const element of pattern.elements)
    if (element.kind === 'words' && element.negator) bits |= HAS_NEGATOR;
  prepared.bits[pattern.id] = bits;
  return bits;
};

/** The flags of `prepared`, with what the last message set cleared. */
const clearedFlags = (prepared: Prepared): ConceptFlags => {
  const flags = prepared.flags;
  for (const concept of flags.touched) {
    flags.present[concept] = 0;
    flags.seenNegated[concept] = 0;
    flags.seenSupposed[concept] = 0;
    flags.seenPast[concept] = 0;
    flags.remembered[concept] = 0;
    flags.isTouched[concept] = 0;
  }
  flags.touched.length = 0;
  return flags;
};

const touch = (flags: ConceptFlags, concept: number): void => {
  if (flags.isTouched[concept]) return;
  flags.isTouched[concept] = 1;
  flags.touched.push(concept);
};

/** Sorts a short list of small numbers in place (a message touches a few concepts). */
const sortNumbers = (list: number[]): void => {
  if (list.length > 32) {
    list.sort((a, b) => a - b);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const value = list[i] as number;
    let j = i - 1;
    while (j >= 0 && (list[j] as number) > value) {
      list[j + 1] = list[j] as number;
      j--;
    }
    list[j + 1] = value;
  }
};

/** Names of the concepts set in `flags` and in none of `skip`, in concept order (`touched` is sorted). */
const flaggedNames = (
  names: readonly string[],
  touched: readonly number[],
  flags: Uint8Array,
  skip: Uint8Array | null,
): string[] => {
  const out: string[] = [];
  for (const i of touched) if (flags[i] && !skip?.[i]) out.push(names[i] as string);
  return out;
};

/** A rule alternative and the rule it belongs to (its index in the rule list). */
interface Alternative {
  rule: number;
  entries: readonly number[];
}

/**
 * Rule alternatives by their first concept that must be present (an array indexed by concept): an
 * alternative can only fire when that concept is present or remembered, so a message looks only at the
 * alternatives of the concepts it has. With each rule's rank and a scratch mark per rule.
 */
interface RuleIndex {
  byConcept: (readonly Alternative[] | undefined)[];
  ranks: Uint8Array;
  firing: Uint8Array;
}

const ruleIndexes = new WeakMap<readonly CompiledRule[], RuleIndex>();
let lastRules: readonly CompiledRule[] | null = null;
let lastRuleIndex: RuleIndex | null = null;

const indexRules = (rules: readonly CompiledRule[]): RuleIndex => {
  if (rules === lastRules && lastRuleIndex) return lastRuleIndex;
  let index = ruleIndexes.get(rules);
  if (!index) {
    const byConcept: Alternative[][] = [];
    rules.forEach((rule, at) => {
      for (const entries of rule.when) {
        // Needs some present concept to fire: an alternative of absences alone never fires.
        const key = entries.find((entry) => entry >= 0);
        if (key === undefined) continue;
        while (byConcept.length <= key) byConcept.push([]);
        (byConcept[key] as Alternative[]).push({ rule: at, entries });
      }
    });
    index = {
      byConcept: byConcept.map((list) => (list.length > 0 ? list : undefined)),
      ranks: Uint8Array.from(rules, (rule) => rank(rule.level)),
      firing: new Uint8Array(rules.length),
    };
    ruleIndexes.set(rules, index);
  }
  lastRules = rules;
  lastRuleIndex = index;
  return index;
};

/** Whether alternative `entries` holds: all its concepts as required, and one of them new in this message. */
const fires = (entries: readonly number[], flags: ConceptFlags): boolean => {
  const { present, remembered, seenPast } = flags;
  let fresh = false;
  for (const entry of entries) {
    if (entry >= 0) {
      if (present[entry] === 1) fresh = true;
      else if (remembered[entry] !== 1) return false;
      // An absent concept must be missing from the whole story, past included ("a cramp yesterday, now
      // the muscle feels bruised" is explained by the cramp).
    } else if (present[~entry] === 1 || seenPast[~entry] === 1) return false;
  }
  // A combination needs something new from this message: an old one has been answered already.
  return fresh;
};

const anyAt = (positions: readonly number[], marks: Uint8Array): boolean => {
  for (const position of positions) if (marks[position]) return true;
  return false;
};

const allAt = (positions: readonly number[], marks: Uint8Array): boolean => {
  for (const position of positions) if (!marks[position]) return false;
  return true;
};

/** Words that join two descriptions: a claim skipping one ("confused [and worried] about") joins two. */
const JOINERS: ReadonlySet<string> = new Set(['and', 'or']);

/** Whether a word the phrase skipped joins two descriptions. */
const spansJoiner = (match: PhraseMatch, tokens: readonly Token[], from: number, to: number): boolean => {
  for (let i = from + 1; i < to; i++)
    if (JOINERS.has((tokens[i] as Token).word) && !match.positions.includes(i)) return true;
  return false;
};

/**
 * Drops phrases that use a word claimed by an exclusive concept ("32 weeks pregnant" is not "for weeks").
 * A claim that skips an "and" covers two descriptions ("he is confused and worried about his leg"), so it
 * claims nothing.
 */
const applyClaims = (
  phrases: PhraseMatch[],
  tokens: readonly Token[],
  prepared: Prepared,
  context: CompiledContext,
): PhraseMatch[] => {
  if (context.exclusive.size === 0) return phrases;
  let claimed: Uint8Array | null = null;
  for (const match of phrases) {
    if (!(bitsOf(match.pattern, prepared, context) & EXCLUSIVE)) continue;
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const position of match.positions) {
      if (position < from) from = position;
      if (position > to) to = position;
    }
    if (spansJoiner(match, tokens, from, to)) continue;
    // Only the phrase's own words: "лодыжки отекают обе" is both legs AND swelling.
    claimed ??= new Uint8Array(tokens.length);
    for (const position of match.positions) claimed[position] = 1;
  }
  if (claimed === null) return phrases;
  const marks = claimed;
  return phrases.filter(
    (match) => bitsOf(match.pattern, prepared, context) & EXCLUSIVE || !anyAt(match.positions, marks),
  );
};

/**
 * "ноги отекают": a Russian leg noun made plural by its verb is both legs, not one (its leg_one reading
 * goes, and `bothLegs` tells the caller to count both_legs). Only for messages holding a leg noun that
 * may be plural.
 */
const readPluralLegs = (
  phrases: PhraseMatch[],
  tokens: readonly Token[],
  prepared: Prepared,
  context: CompiledContext,
): { phrases: PhraseMatch[]; bothLegs: boolean } => {
  const plural = pluralLegPositions(
    tokens.map((token) => token.word),
    tokens.map((token) => token.clause),
  );
  if (plural.size === 0) return { phrases, bothLegs: false };
  const kept = phrases.filter(
    (match) =>
      !(
        match.positions.length === 1 &&
        plural.has(match.positions[0] as number) &&
        bitsOf(match.pattern, prepared, context) & LEG_ONE
      ),
  );
  // "в ногах" only stops being one leg; "ноги отекают" tells of both.
  const bothLegs = [...plural].some((at) => !isRuPluralOnlyLegForm((tokens[at] as Token).word));
  return { phrases: kept, bothLegs };
};

/** Words a "since" reaches forward to the past time word it turns into a duration. */
const SINCE_REACH = 8;

/** Words that open a state still running now: "started a statin a month ago" is on it since then. */
const ONGOING_SINCE = new Set([
  'since',
  'started',
  'starting',
  'began',
  'begun',
  'switched',
  ...RU_ONGOING_SINCE,
]);

/** Where the word that opens a running state before the time word at `at` stands, or -1. */
const sinceBefore = (tokens: readonly Token[], at: number, clause: number): number => {
  for (let j = at - 1; j >= 0 && j >= at - SINCE_REACH; j--) {
    const token = tokens[j] as Token;
    if (token.clause !== clause) return -1;
    if (ONGOING_SINCE.has(token.word)) return j;
  }
  return -1;
};

/** "and her calf is...": a new subject told in the present after "and" starts a new statement. */
const EN_NEW_SUBJECTS: ReadonlySet<string> = new Set([
  'my',
  'his',
  'her',
  'their',
  'our',
  'i',
  'he',
  'she',
  'they',
  'we',
]);
const EN_PRESENT: ReadonlySet<string> = new Set([
  ...['is', 'are', 'am', 'has', 'have', 'feels', 'feel', 'hurts', 'hurt', 'looks', 'look', 'keeps', 'seems'],
  ...['now', 'still', 'gets', 'getting', 'keep'],
]);
/** How far after the new subject the present-tense word may come ("and her left calf is..."). */
const EN_PRESENT_REACH = 7;

/**
 * Run-on joiners counted before each position: Russian ones (russian.ts) and the English "and" + a new
 * subject in the present ("had the baby a month ago and her calf is hot" tells now), so a time word in
 * the first statement does not date the second.
 */
const joinersBefore = (tokens: readonly Token[]): Uint16Array => {
  const words = tokens.map((token) => token.word);
  const before = ruJoinersBefore(words);
  let added = 0;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'and' && EN_NEW_SUBJECTS.has(words[i + 1] ?? '')) {
      // Within the statement: "and I swelled up, fine now" is not "and I am".
      const clause = (tokens[i] as Token).clause;
      const reach = tokens.slice(i + 2, i + 2 + EN_PRESENT_REACH).filter((token) => token.clause === clause);
      if (reach.some((token) => EN_PRESENT.has(token.word))) added++;
    }
    before[i + 1] = (before[i + 1] as number) + added;
  }
  return before;
};

/**
 * Marks words that follow a worry or supposition in the same clause, up to a scope breaker; null when
 * nothing is marked.
 */
const hypotheticalTokens = (
  tokens: readonly Token[],
  phrases: readonly PhraseMatch[],
  prepared: Prepared,
  context: CompiledContext,
): Uint8Array | null => {
  let marked: Uint8Array | null = null;
  for (const match of phrases) {
    if (!(bitsOf(match.pattern, prepared, context) & HYPOTHETICAL)) continue;
    let last = -1;
    for (const position of match.positions) if (position > last) last = position;
    const clause = (tokens[last] as Token).clause;
    for (let j = last + 1; j < tokens.length && j <= last + HYPOTHETICAL_REACH; j++) {
      const token = tokens[j] as Token;
      if (token.clause !== clause || SCOPE_BREAKERS.has(token.word)) break;
      marked ??= new Uint8Array(tokens.length);
      marked[j] = 1;
    }
  }
  return marked;
};

/** Words that bring a story from a film or a dream back to real life ("...and now my calf is swollen"). */
const FICTION_ENDS: ReadonlySet<string> = new Set([
  ...['now', 'today', 'tonight', 'but', 'however', 'although', 'though', 'yet'],
  ...['сейчас', 'теперь', 'сегодня', 'но', 'однако'],
]);

const inStory = (tokens: readonly Token[], j: number, clause: number): boolean => {
  const token = tokens[j] as Token;
  return token.clause === clause && !FICTION_ENDS.has(token.word);
};

/**
 * Marks the words of a clause told from a film, a book or a dream, either side of the marker; null when
 * nothing is marked.
 */
const fictionTokens = (
  tokens: readonly Token[],
  phrases: readonly PhraseMatch[],
  prepared: Prepared,
  context: CompiledContext,
): Uint8Array | null => {
  let marked: Uint8Array | null = null;
  for (const match of phrases) {
    if (!(bitsOf(match.pattern, prepared, context) & FICTION)) continue;
    let first = tokens.length;
    for (const position of match.positions) if (position < first) first = position;
    const clause = (tokens[first] as Token).clause;
    marked ??= new Uint8Array(tokens.length);
    for (let j = first; j < tokens.length && inStory(tokens, j, clause); j++) marked[j] = 1;
    for (let j = first - 1; j >= 0 && inStory(tokens, j, clause); j--) marked[j] = 1;
  }
  return marked;
};

/** A time word of the message: where it is, whether it tells the past, and how far it reaches. */
interface TimeWord {
  at: number;
  clause: number;
  past: boolean;
  /** The span the time word dates, by position: from `from` (-1: the clause's start) to `until`. */
  from: number;
  until: number;
  /** An ended spell ("was sore for two days, all gone now"): it dates the signs, not the leg they were in. */
  spell?: true;
}

const EN_PAST_VERBS: ReadonlySet<string> = new Set(['was', 'were', 'had']);

/** Whether the clause tells of the past in its verb ("was sore", "болела"). */
const hasPastVerb = (tokens: readonly Token[], clause: number): boolean => {
  for (const token of tokens)
    if (token.clause === clause && (EN_PAST_VERBS.has(token.word) || isRuPastVerb(token.word))) return true;
  return false;
};

/** Whether the time word nearest to `position` in its clause is one of the past. */
const isPastAt = (
  tokens: readonly Token[],
  position: number,
  timeWords: readonly TimeWord[],
  joiners: Uint16Array,
  /** A leg noun: ended spells do not date it ("...and now it is swollen again" is about the same leg). */
  leg: boolean,
): boolean => {
  const clause = (tokens[position] as Token).clause;
  let found = false;
  let nearest = 0;
  let past = false;
  for (const word of timeWords) {
    if (word.clause !== clause || position > word.until || position < word.from || (leg && word.spell))
      continue;
    const a = Math.min(word.at, position);
    const b = Math.max(word.at, position);
    if ((joiners[b] as number) - (joiners[a + 1] as number) > 0) continue;
    const distance = Math.abs(word.at - position);
    // On a tie the present wins: when in doubt, triage.
    if (!found || distance < nearest || (distance === nearest && !word.past)) {
      found = true;
      nearest = distance;
      past = word.past;
    }
  }
  return past;
};

/**
 * The time words of the message. A phrase tells the past when the time word nearest to it in its clause
 * is one of the past ("had a clot years ago") rather than of now ("now", "again"): "my dark urine was a
 * one off years ago now just cramps" is history, "had a DVT years ago and now my calf is swollen again" is
 * a report. Null when there are none.
 */
const findTimeWords = (
  tokens: readonly Token[],
  phrases: readonly PhraseMatch[],
  prepared: Prepared,
  context: CompiledContext,
): TimeWord[] | null => {
  let timeWords: TimeWord[] | null = null;
  // "choked yesterday, now all fine": a recent day is the past when a later clause says it is over.
  let lastResolvedClause = -1;
  // "fine now", "сейчас всё хорошо": the "now" of a reassurance says it is over, not that something is happening.
  let resolvedAt: Uint8Array | null = null;
  if (context.resolvedMarker >= 0)
    for (const { pattern, positions } of phrases)
      if (bitsOf(pattern, prepared, context) & RESOLVED) {
        lastResolvedClause = Math.max(lastResolvedClause, (tokens[positions[0] as number] as Token).clause);
        resolvedAt ??= new Uint8Array(tokens.length);
        for (const position of positions) resolvedAt[position] = 1;
      }
  // "защемило нерв месяц назад, не лучше": the clause right before "not better" dates when it began.
  let ongoingClauses: Set<number> | null = null;
  if (context.ongoingMarker >= 0)
    for (const { pattern, positions } of phrases)
      if (bitsOf(pattern, prepared, context) & ONGOING) {
        ongoingClauses ??= new Set();
        ongoingClauses.add((tokens[positions[0] as number] as Token).clause);
      }
  for (const { pattern, positions } of phrases) {
    const bits = bitsOf(pattern, prepared, context);
    // "calf was sore for a couple of days, all gone now": a spell told in the past tense and said to be
    // over in a later clause is history, as a recent day is.
    if (bits & SPAN && lastResolvedClause >= 0) {
      const at = positions[0] as number;
      const clause = (tokens[at] as Token).clause;
      const ended = lastResolvedClause > clause && hasPastVerb(tokens, clause);
      if (ended) {
        let end = at;
        while (end < tokens.length && (tokens[end] as Token).clause <= clause) end++;
        timeWords ??= [];
        timeWords.push({ at, clause, past: true, from: -1, until: end, spell: true });
        continue;
      }
    }
    if (!(bits & (RECENT | HISTORY | PRESENT))) continue;
    const presentOnly = !(bits & (RECENT | HISTORY));
    if (presentOnly && resolvedAt && allAt(positions, resolvedAt)) continue;
    const at = positions[0] as number;
    const clause = (tokens[at] as Token).clause;
    timeWords ??= [];
    if (bits & RECENT) {
      const over = lastResolvedClause > clause;
      let end = at;
      while (end < tokens.length && (tokens[end] as Token).clause <= clause) end++;
      timeWords.push({ at, clause, past: over, from: -1, until: end });
      continue;
    }
    const isHistory = (bits & HISTORY) !== 0;
    // "since they put me on a statin a month ago" counts from then until now: a duration, not history.
    const since = isHistory ? sinceBefore(tokens, at, clause) : -1;
    // "on thinners since her clot two years ago": the thinners run on, the clot is the history.
    if (since >= 0 && (tokens[since] as Token).word === 'since') {
      timeWords.push({ at, clause, past: true, from: since, until: Math.max(...positions) });
      continue;
    }
    if (isHistory && ongoingClauses?.has(clause + 1)) continue;
    const past = isHistory && since < 0;
    // "родила месяц назад левая нога болит" (no commas): a time ago right after a Russian past verb dates
    // that verb, not what follows it.
    const before = at > 0 ? tokens[at - 1] : undefined;
    const dates = past && before?.clause === clause && isRuPastVerb(before.word);
    timeWords.push({ at, clause, past, from: -1, until: dates ? Math.max(...positions) : tokens.length });
  }
  return timeWords;
};

/** What one message comes to; the per-concept flags stay in `prepared` until the next message. */
interface Assessment {
  prepared: Prepared;
  level: Level;
  /** Rules the concepts fire, highest level first, whether or not the message is a general question. */
  matched: CompiledRule[];
  fired: CompiledRule[];
  ask: boolean;
  generalQuestion: boolean;
  /** Whether the concepts seen may be carried to the next turns. */
  remember: boolean;
}

const NONE: CompiledRule[] = [];
const NO_NAMES: string[] = [];

const assess = (
  message: string,
  matcher: Matcher,
  rules: readonly CompiledRule[],
  memory: readonly string[],
  traced: boolean,
): Assessment => {
  const text = foldAnsweredDenials(message);
  const { context } = matcher;
  const prepared = prepare(matcher);
  const tokens: Token[] = tokenise(text);
  const readings: WordReading[] = [];
  let wordBits = 0;
  for (const token of tokens) {
    const reading = readWord(token.word, matcher);
    readings.push(reading);
    wordBits |= reading.wordBits;
  }
  const legWord = (wordBits & RU_LEG_FORM) !== 0;
  let phrases = applyClaims(findPhrases(tokens, readings, matcher), tokens, prepared, context);
  let pluralBoth = false;
  // Only a leg noun that may be plural can change the reading (pluralLegPositions finds no other).
  if (prepared.legOne >= 0 && legWord) {
    const plurals = readPluralLegs(phrases, tokens, prepared, context);
    phrases = plurals.phrases;
    pluralBoth = plurals.bothLegs;
  }

  // With no word that may open a scope, nothing is negated: only the phrases' bits are gathered.
  const negators = (wordBits & OPENS_NEGATION) !== 0;
  const consumed = negators ? new Uint8Array(tokens.length) : null;
  let phraseBits = 0;
  for (const { pattern, positions } of phrases) {
    const bits = bitsOf(pattern, prepared, context);
    phraseBits |= bits;
    // A reassurance ("ничего не болит", "nothing hurts") keeps its negator: it still denies the sign.
    if (consumed === null || !(bits & HAS_NEGATOR) || bits & CALM) continue;
    const { elements } = pattern;
    for (let k = 0; k < elements.length; k++) {
      const element = elements[k] as Element;
      if (element.kind === 'words' && element.negator) consumed[positions[k] as number] = 1;
    }
  }
  const negated = consumed !== null ? negatedTokens(tokens, consumed) : null;
  // Each of these marks nothing without a phrase of its kind.
  const supposed = phraseBits & HYPOTHETICAL ? hypotheticalTokens(tokens, phrases, prepared, context) : null;
  const fictional = phraseBits & FICTION ? fictionTokens(tokens, phrases, prepared, context) : null;
  const timeWords =
    phraseBits & (SPAN | RECENT | HISTORY | PRESENT)
      ? findTimeWords(tokens, phrases, prepared, context)
      : null;
  const joiners = timeWords !== null ? joinersBefore(tokens) : null;

  const flags = clearedFlags(prepared);
  const { present, seenNegated, seenSupposed, seenPast, remembered } = flags;
  // Reassurance or a request for facts anywhere, even inside a list of denials ("no swelling, both legs
  // look the same"), settles the safety question; it lowers no rule.
  const calm = (phraseBits & CALM) !== 0;
  for (const { pattern, positions } of phrases) {
    if (
      negated !== null &&
      (pattern.unordered ? anyAt(positions, negated) : negated[positions[0] as number] === 1)
    ) {
      for (const concept of pattern.concepts) {
        seenNegated[concept] = 1;
        touch(flags, concept);
      }
      continue;
    }
    // A story from a film or a dream is told like history: nothing in it fires or asks.
    if (fictional !== null && anyAt(positions, fictional)) {
      for (const concept of pattern.concepts) {
        seenPast[concept] = 1;
        touch(flags, concept);
      }
      continue;
    }
    if (supposed !== null && anyAt(positions, supposed)) {
      for (const concept of pattern.concepts) {
        seenSupposed[concept] = 1;
        touch(flags, concept);
      }
      continue;
    }
    const isPast =
      timeWords !== null &&
      isPastAt(
        tokens,
        positions[0] as number,
        timeWords,
        joiners as Uint16Array,
        (bitsOf(pattern, prepared, context) & LEG_ONE) !== 0,
      );
    for (const concept of pattern.concepts) {
      if (isPast && !context.keeps.has(concept)) seenPast[concept] = 1;
      else present[concept] = 1;
      touch(flags, concept);
    }
  }

  if (pluralBoth && prepared.bothLegs >= 0) {
    present[prepared.bothLegs] = 1;
    touch(flags, prepared.bothLegs);
  }

  // What earlier turns left counts too, unless this message denies it ("no, not breathless").
  for (const name of memory) {
    const concept = prepared.index.get(name);
    if (concept !== undefined && !seenNegated[concept]) {
      remembered[concept] = 1;
      touch(flags, concept);
    }
  }
  const { touched } = flags;
  sortNumbers(touched);

  const { byConcept, ranks, firing } = indexRules(rules);
  let firingCount = 0;
  for (const concept of touched) {
    if (present[concept] !== 1 && remembered[concept] !== 1) continue;
    const alternatives = byConcept[concept];
    if (alternatives === undefined) continue;
    for (const { rule, entries } of alternatives)
      if (!firing[rule] && fires(entries, flags)) {
        firing[rule] = 1;
        firingCount++;
      }
  }
  let matched = NONE;
  if (firingCount > 0) {
    // Rule order within each level, highest level first.
    matched = [];
    for (let level = 0; level < LEVELS.length; level++)
      for (let at = 0; at < rules.length; at++)
        if (firing[at] && ranks[at] === level) matched.push(rules[at] as CompiledRule);
    firing.fill(0);
  }

  // With no rule matched and no alarm, whether the message is a general question changes nothing in the
  // result (no rule to hold back, nothing to ask): only a trace reports it.
  const alarmSeen = context.alarm >= 0 && (present[context.alarm] === 1 || seenSupposed[context.alarm] === 1);
  const rhetorical = context.rhetorical >= 0 && present[context.rhetorical] === 1;
  const generalQuestion =
    (traced || firingCount > 0 || alarmSeen) && !rhetorical && isGeneralQuestion(text, tokens);
  const fired = generalQuestion ? NONE : matched;
  const level = fired[0]?.level ?? 'none';
  let ask: boolean;
  if (generalQuestion) {
    // A general question about someone ("what do I do if she won't wake?") may be a present case: ask.
    // One about no one ("what are the signs of a blood clot in the leg?") gets its answer, whose buttons ask.
    const aboutSomeone = prepared.anyoneWord >= 0 && present[prepared.anyoneWord] === 1;
    // "would you call 999 if your friend collapsed?" supposes its case: unsure whether it is happening, ask.
    const supposedAlarm = context.alarm >= 0 && seenSupposed[context.alarm] === 1 && !calm;
    ask =
      (aboutSomeone || !INFORMATION_REQUEST.test(text.trim())) &&
      (supposedAlarm || matched.some((rule) => rule.level === 'emergency' || rule.level === 'urgent'));
  } else {
    // Worry counts for asking ("might this be a clot?"): the question settles whether it is happening.
    ask = level === 'none' && alarmSeen && !calm;
  }
  // "what does dark urine mean? mine is normal": the signs asked about are denied, so none is remembered for the
  // next turns (a general question's signs otherwise are: people often ask about what they have).
  const remember = !(generalQuestion && deniesOwnSign(tokens));
  return { prepared, level, matched, fired, ask, generalQuestion, remember };
};

/** Names of the concepts present now that context.yaml says to carry to the next turns, in concept order. */
const carriedNames = (matcher: Matcher, flags: ConceptFlags): string[] => {
  const carried = matcher.context.carry;
  const out: string[] = [];
  if (!carried) return out;
  for (const concept of flags.touched)
    if (flags.present[concept] && carried.concepts.has(concept))
      out.push(matcher.conceptNames[concept] as string);
  return out;
};

export const evaluate = (
  text: string,
  matcher: Matcher,
  rules: readonly CompiledRule[],
  memory: readonly string[] = [],
): TriageTrace => {
  const { prepared, level, matched, fired, ask, generalQuestion, remember } = assess(
    text,
    matcher,
    rules,
    memory,
    true,
  );
  const { flags } = prepared;
  const names = (set: Uint8Array, skip: Uint8Array | null = null): string[] =>
    flaggedNames(matcher.conceptNames, flags.touched, set, skip);
  return {
    level,
    rules: fired.map((rule) => rule.id),
    ...(ask ? { ask } : {}),
    carry: remember ? carriedNames(matcher, flags) : [],
    concepts: names(flags.present),
    negated: names(flags.seenNegated, flags.present),
    hypothetical: names(flags.seenSupposed, flags.present),
    past: names(flags.seenPast, flags.present),
    generalQuestion,
    wouldFire: generalQuestion ? matched.map((rule) => rule.id) : [],
  };
};

/** The result alone, as `triage` returns it: no names beyond the carried ones are built. */
export const evaluateResult = (
  text: string,
  matcher: Matcher,
  rules: readonly CompiledRule[],
  memory: readonly string[] = [],
): TriageResult => {
  const { prepared, level, fired, ask, remember } = assess(text, matcher, rules, memory, false);
  const result: TriageResult = { level, rules: fired.map((rule) => rule.id) };
  if (ask) result.ask = ask;
  const carry = remember ? carriedNames(matcher, prepared.flags) : NO_NAMES;
  if (carry.length > 0) result.carry = carry;
  return result;
};
