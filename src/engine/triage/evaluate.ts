/**
 * One message through the pipeline: words -> phrases -> claims -> negation, worry and past -> concepts ->
 * rules (with what earlier turns left) -> level, or the safety question.
 */
import { LEVELS, type Level, type TriageResult } from '../types.js';
import { findPhrases, type Matcher, type PhraseMatch, readWord } from './match.js';
import { negatedTokens, SCOPE_BREAKERS } from './negation.js';
import { isGeneralQuestion } from './question.js';
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

/** Concept index by name, built once per matcher rather than once per message. */
const conceptIndexes = new WeakMap<Matcher, ReadonlyMap<string, number>>();
const conceptIndex = (matcher: Matcher): ReadonlyMap<string, number> => {
  let index = conceptIndexes.get(matcher);
  if (!index) {
    index = new Map(matcher.conceptNames.map((name, i) => [name, i]));
    conceptIndexes.set(matcher, index);
  }
  return index;
};

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
 * Per-concept flags, one set per matcher reused by every evaluation: evaluate is synchronous and nothing it
 * returns holds them, so fresh arrays per message would only feed the garbage collector. Only the concepts
 * the last message touched are cleared, and names are read from them rather than from every concept.
 */
const flagSets = new WeakMap<Matcher, ConceptFlags>();
const conceptFlags = (matcher: Matcher): ConceptFlags => {
  const size = matcher.conceptNames.length;
  let flags = flagSets.get(matcher);
  if (!flags) {
    flags = {
      present: new Uint8Array(size),
      seenNegated: new Uint8Array(size),
      seenSupposed: new Uint8Array(size),
      seenPast: new Uint8Array(size),
      remembered: new Uint8Array(size),
      touched: [],
      isTouched: new Uint8Array(size),
    };
    flagSets.set(matcher, flags);
  } else {
    for (const concept of flags.touched) {
      flags.present[concept] = 0;
      flags.seenNegated[concept] = 0;
      flags.seenSupposed[concept] = 0;
      flags.seenPast[concept] = 0;
      flags.remembered[concept] = 0;
      flags.isTouched[concept] = 0;
    }
    flags.touched.length = 0;
  }
  return flags;
};

/** Names of the concepts set in `flags` and in none of `skip`, in concept order (`touched` is sorted). */
const flaggedNames = (
  names: readonly string[],
  touched: readonly number[],
  flags: Uint8Array,
  skip: Uint8Array[],
): string[] => {
  const out: string[] = [];
  for (const i of touched) {
    if (!flags[i]) continue;
    let skipped = false;
    for (const other of skip) if (other[i]) skipped = true;
    if (!skipped) out.push(names[i] as string);
  }
  return out;
};

/** A rule alternative and the rule it belongs to (its index in the rule list). */
interface Alternative {
  rule: number;
  entries: readonly number[];
}

/**
 * Rule alternatives by their first concept that must be present: an alternative can only fire when that
 * concept is present or remembered, so a message looks only at the alternatives of the concepts it has.
 */
const alternativeIndexes = new WeakMap<
  readonly CompiledRule[],
  ReadonlyMap<number, readonly Alternative[]>
>();
const alternativesByConcept = (
  rules: readonly CompiledRule[],
): ReadonlyMap<number, readonly Alternative[]> => {
  let index = alternativeIndexes.get(rules);
  if (!index) {
    const built = new Map<number, Alternative[]>();
    rules.forEach((rule, at) => {
      for (const entries of rule.when) {
        // Needs some present concept to fire: an alternative of absences alone never fires.
        const key = entries.find((entry) => entry >= 0);
        if (key === undefined) continue;
        const list = built.get(key);
        if (list) list.push({ rule: at, entries });
        else built.set(key, [{ rule: at, entries }]);
      }
    });
    index = built;
    alternativeIndexes.set(rules, index);
  }
  return index;
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
  exclusive: ReadonlySet<number>,
  tokens: readonly Token[],
): PhraseMatch[] => {
  if (exclusive.size === 0) return phrases;
  const isExclusive = (match: PhraseMatch): boolean =>
    match.pattern.concepts.some((concept) => exclusive.has(concept));
  const claimed = new Uint8Array(tokens.length);
  let any = false;
  for (const match of phrases) {
    if (!isExclusive(match)) continue;
    const from = Math.min(...match.positions);
    const to = Math.max(...match.positions);
    if (spansJoiner(match, tokens, from, to)) continue;
    // Only the phrase's own words: "лодыжки отекают обе" is both legs AND swelling.
    for (const position of match.positions) claimed[position] = 1;
    any = true;
  }
  if (!any) return phrases;
  return phrases.filter(
    (match) => isExclusive(match) || !match.positions.some((position) => claimed[position]),
  );
};

/**
 * "ноги отекают": a Russian leg noun made plural by its verb is both legs, not one (its leg_one reading
 * goes, and `bothLegs` tells the caller to count both_legs).
 */
const readPluralLegs = (
  phrases: PhraseMatch[],
  tokens: readonly Token[],
  legOne: number,
): { phrases: PhraseMatch[]; bothLegs: boolean } => {
  if (legOne < 0) return { phrases, bothLegs: false };
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
        match.pattern.concepts.includes(legOne)
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

const sinceBefore = (tokens: readonly Token[], at: number, clause: number): boolean => {
  for (let j = at - 1; j >= 0 && j >= at - SINCE_REACH; j--) {
    const token = tokens[j] as Token;
    if (token.clause !== clause) return false;
    if (ONGOING_SINCE.has(token.word)) return true;
  }
  return false;
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
const EN_PRESENT_REACH = 4;

/**
 * Run-on joiners counted before each position: Russian ones (russian.ts) and the English "and" + a new
 * subject in the present ("had the baby a month ago and her calf is hot" tells now), so a time word in
 * the first statement does not date the second.
 */
const joinersBefore = (words: readonly string[]): Uint16Array => {
  const before = ruJoinersBefore(words);
  let added = 0;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'and' && EN_NEW_SUBJECTS.has(words[i + 1] ?? '')) {
      const reach = words.slice(i + 2, i + 2 + EN_PRESENT_REACH);
      if (reach.some((word) => EN_PRESENT.has(word))) added++;
    }
    before[i + 1] = (before[i + 1] as number) + added;
  }
  return before;
};

/** Marks words that follow a worry or supposition in the same clause, up to a scope breaker. */
const hypotheticalTokens = (tokens: readonly Token[], phrases: PhraseMatch[], marker: number): Uint8Array => {
  const marked = new Uint8Array(tokens.length);
  if (marker < 0) return marked;
  for (const match of phrases) {
    if (!match.pattern.concepts.includes(marker)) continue;
    const last = Math.max(...match.positions);
    const clause = (tokens[last] as Token).clause;
    for (let j = last + 1; j < tokens.length && j <= last + HYPOTHETICAL_REACH; j++) {
      const token = tokens[j] as Token;
      if (token.clause !== clause || SCOPE_BREAKERS.has(token.word)) break;
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

/** Marks the words of a clause told from a film, a book or a dream, either side of the marker. */
const fictionTokens = (tokens: readonly Token[], phrases: PhraseMatch[], marker: number): Uint8Array => {
  const marked = new Uint8Array(tokens.length);
  if (marker < 0) return marked;
  for (const match of phrases) {
    if (!match.pattern.concepts.includes(marker)) continue;
    const first = Math.min(...match.positions);
    const clause = (tokens[first] as Token).clause;
    const inStory = (j: number) => {
      const token = tokens[j] as Token;
      return token.clause === clause && !FICTION_ENDS.has(token.word);
    };
    for (let j = first; j < tokens.length && inStory(j); j++) marked[j] = 1;
    for (let j = first - 1; j >= 0 && inStory(j); j--) marked[j] = 1;
  }
  return marked;
};

export const evaluate = (
  text: string,
  matcher: Matcher,
  rules: readonly CompiledRule[],
  memory: readonly string[] = [],
): TriageTrace => {
  const { context } = matcher;
  const tokens: Token[] = tokenise(text);
  const readings = tokens.map((token) => readWord(token.word, matcher));
  const plurals = readPluralLegs(
    applyClaims(findPhrases(tokens, readings, matcher), context.exclusive, tokens),
    tokens,
    conceptIndex(matcher).get('leg_one') ?? -1,
  );
  const phrases = plurals.phrases;

  const consumed = new Uint8Array(tokens.length);
  for (const { pattern, positions } of phrases) {
    // A reassurance ("ничего не болит", "nothing hurts") keeps its negator: it still denies the sign.
    if (pattern.concepts.includes(context.calm)) continue;
    pattern.elements.forEach((element, k) => {
      if (element.kind === 'words' && element.negator) consumed[positions[k] as number] = 1;
    });
  }
  const negated = negatedTokens(tokens, consumed);
  const supposed = hypotheticalTokens(tokens, phrases, context.hypothetical);
  const fictional = fictionTokens(tokens, phrases, context.fiction);

  // A phrase tells the past when the time word nearest to it in its clause is one of the past ("had a
  // clot years ago") rather than of now ("now", "again"): "my dark urine was a one off years ago now just
  // cramps" is history, "had a DVT years ago and now my calf is swollen again" is a report.
  const timeWords: { at: number; clause: number; past: boolean; until: number }[] = [];
  // "choked yesterday, now all fine": a recent day is the past when a later clause says it is over.
  let lastResolvedClause = -1;
  if (context.recentMarker >= 0 && context.resolvedMarker >= 0)
    for (const { pattern, positions } of phrases)
      if (pattern.concepts.includes(context.resolvedMarker))
        lastResolvedClause = Math.max(lastResolvedClause, (tokens[positions[0] as number] as Token).clause);
  for (const { pattern, positions } of phrases) {
    const at = positions[0] as number;
    const clause = (tokens[at] as Token).clause;
    if (context.recentMarker >= 0 && pattern.concepts.includes(context.recentMarker)) {
      const over = lastResolvedClause > clause;
      const end = tokens.findIndex((token) => token.clause > clause);
      timeWords.push({ at, clause, past: over, until: end < 0 ? tokens.length : end });
      continue;
    }
    const isHistory = pattern.concepts.includes(context.historyMarker);
    if (!isHistory && !pattern.concepts.includes(context.presentMarker)) continue;
    // "since they put me on a statin a month ago" counts from then until now: a duration, not history.
    const past = isHistory && !sinceBefore(tokens, at, clause);
    // "родила месяц назад левая нога болит" (no commas): a time ago right after a Russian past verb dates
    // that verb, not what follows it.
    const before = tokens[at - 1];
    const dates = past && before?.clause === clause && isRuPastVerb(before.word);
    timeWords.push({ at, clause, past, until: dates ? Math.max(...positions) : tokens.length });
  }
  const joiners = timeWords.length > 0 ? joinersBefore(tokens.map((token) => token.word)) : null;
  const joinedBetween = (a: number, b: number): boolean =>
    joiners !== null && (joiners[Math.max(a, b)] as number) - (joiners[Math.min(a, b) + 1] as number) > 0;
  const isPastAt = (position: number): boolean => {
    const clause = (tokens[position] as Token).clause;
    let nearest: { distance: number; past: boolean } | null = null;
    for (const word of timeWords) {
      if (word.clause !== clause || position > word.until || joinedBetween(word.at, position)) continue;
      const distance = Math.abs(word.at - position);
      // On a tie the present wins: when in doubt, triage.
      if (!nearest || distance < nearest.distance || (distance === nearest.distance && !word.past))
        nearest = { distance, past: word.past };
    }
    return nearest?.past ?? false;
  };

  const { present, seenNegated, seenSupposed, seenPast, remembered, touched, isTouched } =
    conceptFlags(matcher);
  const touch = (concept: number): void => {
    if (isTouched[concept]) return;
    isTouched[concept] = 1;
    touched.push(concept);
  };
  // Reassurance or a request for facts anywhere, even inside a list of denials ("no swelling, both legs
  // look the same"), settles the safety question; it lowers no rule.
  let calm = false;
  for (const { pattern, positions } of phrases) {
    if (context.calm >= 0 && pattern.concepts.includes(context.calm)) calm = true;
    const isNegated = pattern.unordered
      ? positions.some((position) => negated[position])
      : negated[positions[0] as number];
    if (isNegated) {
      for (const concept of pattern.concepts) {
        seenNegated[concept] = 1;
        touch(concept);
      }
      continue;
    }
    // A story from a film or a dream is told like history: nothing in it fires or asks.
    if (positions.some((position) => fictional[position])) {
      for (const concept of pattern.concepts) {
        seenPast[concept] = 1;
        touch(concept);
      }
      continue;
    }
    if (positions.some((position) => supposed[position])) {
      for (const concept of pattern.concepts) {
        seenSupposed[concept] = 1;
        touch(concept);
      }
      continue;
    }
    const isPast = timeWords.length > 0 && isPastAt(positions[0] as number);
    for (const concept of pattern.concepts) {
      if (isPast && !context.keeps.has(concept)) seenPast[concept] = 1;
      else present[concept] = 1;
      touch(concept);
    }
  }

  const bothLegs = conceptIndex(matcher).get('both_legs') ?? -1;
  if (plurals.bothLegs && bothLegs >= 0) {
    present[bothLegs] = 1;
    touch(bothLegs);
  }

  // What earlier turns left counts too, unless this message denies it ("no, not breathless").
  const index = conceptIndex(matcher);
  for (const name of memory) {
    const concept = index.get(name);
    if (concept !== undefined && !seenNegated[concept]) {
      remembered[concept] = 1;
      touch(concept);
    }
  }
  touched.sort((a, b) => a - b);
  const has = (concept: number): boolean => present[concept] === 1 || remembered[concept] === 1;
  // A combination needs something new from this message: an old one has been answered already.
  // An absent concept must be missing from the whole story, past included ("a cramp yesterday, now the
  // muscle feels bruised" is explained by the cramp).
  const holds = (entry: number): boolean =>
    entry >= 0 ? has(entry) : present[~entry] !== 1 && seenPast[~entry] !== 1;
  const fires = (entries: readonly number[]): boolean =>
    entries.every(holds) && entries.some((entry) => entry >= 0 && present[entry] === 1);
  const byConcept = alternativesByConcept(rules);
  const firing = new Set<number>();
  for (const concept of touched) {
    if (!has(concept)) continue;
    for (const { rule, entries } of byConcept.get(concept) ?? [])
      if (!firing.has(rule) && fires(entries)) firing.add(rule);
  }

  const generalQuestion = isGeneralQuestion(text, tokens);
  const matched = rules.filter((_, at) => firing.has(at)).sort((a, b) => rank(a.level) - rank(b.level));
  const fired = generalQuestion ? [] : matched;
  const level = fired[0]?.level ?? 'none';
  // Worry counts for asking ("might this be a clot?"): the question settles whether it is happening.
  const alarmed = context.alarm >= 0 && (present[context.alarm] === 1 || seenSupposed[context.alarm] === 1);
  // A general question about someone ("what do I do if she won't wake?") may be a present case: ask. One
  // about no one ("what are the signs of a blood clot in the leg?") gets its answer, whose buttons ask.
  const personal = index.get('anyone_word');
  const aboutSomeone = personal !== undefined && present[personal] === 1;
  const askingForFacts = INFORMATION_REQUEST.test(text.trim());
  // "would you call 999 if your friend collapsed?" supposes its case: unsure whether it is happening, ask.
  const supposedAlarm = context.alarm >= 0 && seenSupposed[context.alarm] === 1 && !calm;
  const ask = generalQuestion
    ? (aboutSomeone || !askingForFacts) &&
      (supposedAlarm || matched.some((rule) => rule.level === 'emergency' || rule.level === 'urgent'))
    : level === 'none' && alarmed && !calm;

  const names = (flags: Uint8Array, ...skip: Uint8Array[]): string[] =>
    flaggedNames(matcher.conceptNames, touched, flags, skip);
  const carried = context.carry;
  return {
    level,
    rules: fired.map((rule) => rule.id),
    ...(ask ? { ask } : {}),
    carry: carried ? names(present).filter((name) => carried.concepts.has(index.get(name) as number)) : [],
    concepts: names(present),
    negated: names(seenNegated, present),
    hypothetical: names(seenSupposed, present),
    past: names(seenPast, present),
    generalQuestion,
    wouldFire: generalQuestion ? matched.map((rule) => rule.id) : [],
  };
};
