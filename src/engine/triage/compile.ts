/**
 * Turns the red-flag sources into a matcher: phrases become word patterns, `@concept` references are
 * resolved (and checked), prefix terms (`word*`) and stemmed lexicons are indexed, and the typo index is
 * built once at load time. Errors name the file and field the problem came from.
 */
import { KnowledgeError } from '../kb/errors.js';
import { FuzzyIndex } from '../normalise/fuzzy.js';
import { BRITISH_TO_AMERICAN } from '../normalise/lexicon.js';
import { type CompiledContext, type Element, MATCH_WORDS, type Matcher, type Pattern } from './match.js';
import { NEGATION_WORDS, NEGATORS } from './negation.js';
import { QUESTION_WORDS } from './question.js';
import { RU_NEGATORS } from './russian.js';
import type { RedFlagSources, SourcedConcept, SourcedPhrase, StemmerName } from './sources.js';
import { type Stem, stemmerFor } from './stemmers.js';
import { phraseWords } from './tokens.js';

/** The concept a `when` entry names: "!name" (absent) names `name`. */
export const conceptOf = (entry: string): string => (entry.startsWith('!') ? entry.slice(1) : entry);

/** A phrase as written: literal words, one-word slots (`@concept`) and numbers (`#`, `#10+`). */
type Part =
  | { kind: 'word'; word: string }
  | { kind: 'slot'; concept: string }
  | { kind: 'number'; min: number; max: number };

interface ParsedPhrase {
  parts: Part[];
  source: SourcedPhrase;
  unordered: boolean;
  /** Words side by side, none between (`=`): a set expression such as "leg day". */
  adjacent: boolean;
}

interface ParsedConcept {
  /** Concepts included whole (a phrase that is just `@name`), with where it was written. */
  includes: { concept: string; source: SourcedPhrase }[];
  phrases: ParsedPhrase[];
}

/** `#` any number, `#10` exactly 10, `#10+` at least 10, `#1-17` from 1 to 17. */
const NUMBER_SLOT = /^#(?:(\d{1,4})(\+|-(\d{1,4}))?)?$/;
/** `breath*`: any word that starts with at least three letters given. */
const PREFIX_TERM = /^([\p{L}']{3,})\*$/u;
export const PREFIX_MARK = '*';
/** Stems are kept apart from plain words so "дыш" is never read as a typo target. */
export const STEM_MARK = '=';

/** A negator word, or the stem of one in a stemmed lexicon ("не могу дышать" is a symptom, not a negation). */
const isNegator = (word: string): boolean =>
  word.startsWith(STEM_MARK) ? negatorStems().has(word.slice(STEM_MARK.length)) : NEGATORS.has(word);

/** Russian negators as the stemmer writes them in a phrase ("никогда" is "никогд"); built on first use. */
let stemmedNegators: ReadonlySet<string> | undefined;
const negatorStems = (): ReadonlySet<string> => {
  stemmedNegators ??= new Set([...NEGATORS, ...RU_NEGATORS.map(stemmerFor('ru'))]);
  return stemmedNegators;
};

/** Words of the bot's own grammar (negators, pronouns...) are never read as typos of symptom words. */
const LANGUAGE_WORDS: readonly string[] = [...NEGATION_WORDS, ...QUESTION_WORDS, ...MATCH_WORDS];

/**
 * Each phrase's anchor: of its word elements, the one whose words the fewest phrase elements of the whole
 * lexicon hold ("не" and "leg" start hundreds of phrases, "дышит" and "droop" a few), a stand-in for how
 * rarely a message holds it. Any element would be correct (a phrase needs all of them); the rarest lets
 * findPhrases skip the most phrases. Phrases of number slots only are kept apart.
 */
const anchorIndex = (
  patterns: readonly Pattern[],
): { byAnchor: Map<string, number[]>; numberAnchored: number[] } => {
  const elementsHolding = new Map<string, number>();
  for (const pattern of patterns)
    for (const element of pattern.elements)
      if (element.kind === 'words')
        for (const word of element.words) elementsHolding.set(word, (elementsHolding.get(word) ?? 0) + 1);
  // Slot elements share one word set per concept: its cost is worked out once.
  const costs = new Map<ReadonlySet<string>, number>();
  const costOf = (words: ReadonlySet<string>): number => {
    let cost = costs.get(words);
    if (cost === undefined) {
      cost = 0;
      for (const word of words) cost += elementsHolding.get(word) ?? 0;
      costs.set(words, cost);
    }
    return cost;
  };
  const byAnchor = new Map<string, number[]>();
  const numberAnchored: number[] = [];
  for (const pattern of patterns) {
    let anchor: ReadonlySet<string> | null = null;
    let best = Number.POSITIVE_INFINITY;
    for (const element of pattern.elements) {
      if (element.kind !== 'words') continue;
      const cost = costOf(element.words);
      if (cost < best) {
        best = cost;
        anchor = element.words;
      }
    }
    if (!anchor) {
      numberAnchored.push(pattern.id);
      continue;
    }
    for (const word of anchor) {
      const list = byAnchor.get(word);
      if (!list) byAnchor.set(word, [pattern.id]);
      else list.push(pattern.id);
    }
  }
  return { byAnchor, numberAnchored };
};

export class Compiler {
  private readonly parsed = new Map<string, ParsedConcept>();
  private readonly slotWords = new Map<string, ReadonlySet<string>>();
  private readonly stemmers = new Map<StemmerName, Stem>();
  /**
   * Lexicons repeat their words across many phrases, and tokenising (normalise) and the Russian stemmer
   * are most of a load's cost: each distinct piece and each stemmer's word is worked out once per compile.
   */
  private readonly piecesWords = new Map<string, string[]>();
  private readonly stemmed = new Map<string, string>();
  /** Words of stemmed lexicons as written, with their stems (see Matcher.writtenStems). */
  private readonly writtenStems = new Map<string, string>();

  constructor(private readonly sources: RedFlagSources) {}

  private fail(at: { file: string; field: string }, detail: string): never {
    throw new KnowledgeError(at.file, at.field, detail);
  }

  private stemmerNames(): StemmerName[] {
    return [...this.stemmers.keys()];
  }

  private stemWord(name: StemmerName, word: string): string {
    const key = `${name}\0${word}`;
    const known = this.stemmed.get(key);
    if (known !== undefined) return known;
    let stem = this.stemmers.get(name);
    if (!stem) {
      stem = stemmerFor(name);
      this.stemmers.set(name, stem);
    }
    const result = stem(word);
    this.stemmed.set(key, result);
    return result;
  }

  private wordsOfPiece(piece: string): string[] {
    let words = this.piecesWords.get(piece);
    if (!words) {
      words = phraseWords(piece);
      this.piecesWords.set(piece, words);
    }
    return words;
  }

  private parsePhrase(source: SourcedPhrase): ParsedPhrase {
    const parts: Part[] = [];
    let text = source.text.trim();
    const unordered = text.startsWith('~');
    if (unordered) text = text.slice(1).trim();
    const adjacent = text.startsWith('=');
    if (adjacent) text = text.slice(1).trim();
    for (const piece of text.split(/\s+/)) {
      if (piece.startsWith('@')) {
        const name = piece.slice(1);
        if (!this.sources.concepts.has(name)) this.fail(source, `unknown concept "${name}"`);
        parts.push({ kind: 'slot', concept: name });
      } else if (piece.startsWith('#')) {
        const number = NUMBER_SLOT.exec(piece);
        if (!number) this.fail(source, `"${piece}" is not a number slot (use #, #10, #10+ or #1-17)`);
        const min = Number(number[1] ?? 0);
        const max =
          number[2] === undefined ? min : number[2] === '+' ? Number.POSITIVE_INFINITY : Number(number[3]);
        parts.push({ kind: 'number', min, max: number[1] === undefined ? Number.POSITIVE_INFINITY : max });
      } else if (piece.endsWith(PREFIX_MARK)) {
        const prefix = PREFIX_TERM.exec(piece.toLowerCase().replaceAll('ё', 'е'));
        if (!prefix) this.fail(source, `"${piece}" is not a prefix term (at least three letters, then *)`);
        parts.push({ kind: 'word', word: `${prefix[1]}${PREFIX_MARK}` });
      } else {
        for (const word of this.wordsOfPiece(piece)) {
          if (!source.stemmer) {
            parts.push({ kind: 'word', word });
            continue;
          }
          const stem = this.stemWord(source.stemmer, word);
          if (stem !== word) this.writtenStems.set(word, stem);
          parts.push({ kind: 'word', word: `${STEM_MARK}${stem}` });
        }
      }
    }
    if (parts.length === 0) this.fail(source, `"${source.text}" has no words after normalising`);
    if (unordered && parts.some((part) => part.kind === 'number'))
      this.fail(source, 'an unordered phrase (~) cannot hold a number slot');
    if (unordered && adjacent) this.fail(source, 'a phrase is either unordered (~) or side by side (=)');
    return { parts, source, unordered, adjacent };
  }

  private parseConcepts(): void {
    for (const [name, concept] of this.sources.concepts) {
      const parsed: ParsedConcept = { includes: [], phrases: [] };
      for (const source of concept.phrases) {
        const phrase = this.parsePhrase(source);
        const only = phrase.parts[0];
        if (phrase.parts.length === 1 && only?.kind === 'slot')
          parsed.includes.push({ concept: only.concept, source });
        else parsed.phrases.push(phrase);
      }
      this.parsed.set(name, parsed);
    }
  }

  /** Rejects concepts that include themselves, directly or through others. */
  private checkCycles(): void {
    const state = new Map<string, 'open' | 'done'>();
    const visit = (name: string, trail: string[]): void => {
      if (state.get(name) === 'done') return;
      state.set(name, 'open');
      for (const include of this.parsed.get(name)?.includes ?? []) {
        if (state.get(include.concept) === 'open') {
          const loop = [...trail.slice(trail.indexOf(include.concept)), name, include.concept].join(' -> ');
          this.fail(include.source, `concepts include each other in a loop (${loop})`);
        }
        visit(include.concept, [...trail, name]);
      }
      state.set(name, 'done');
    };
    for (const name of this.parsed.keys()) visit(name, []);
  }

  /** The words a one-word slot `@name` stands for; every phrase of `name` must be a single word. */
  private wordsOf(name: string, usedAt: SourcedPhrase): ReadonlySet<string> {
    const known = this.slotWords.get(name);
    if (known) return known;
    const concept = this.parsed.get(name) as ParsedConcept;
    const words = new Set<string>();
    for (const phrase of concept.phrases) {
      const [only, ...rest] = phrase.parts;
      if (only?.kind !== 'word' || rest.length > 0) {
        this.fail(
          usedAt,
          `"@${name}" stands for one word, but concept "${name}" has the phrase "${phrase.source.text}"`,
        );
      }
      words.add(only.word);
    }
    for (const include of concept.includes)
      for (const word of this.wordsOf(include.concept, usedAt)) words.add(word);
    this.slotWords.set(name, words);
    return words;
  }

  /**
   * One element object per word, slot or number range, shared by every phrase that uses it (elements are
   * never changed after compiling): "не" starts hundreds of phrases, and one shared element instead of
   * hundreds of one-word sets makes the compiled snapshot smaller and quicker to read back.
   */
  private readonly elements = new Map<string, Element>();

  private toElements(phrase: ParsedPhrase): Element[] {
    return phrase.parts.map((part): Element => {
      const key =
        part.kind === 'number'
          ? `#${part.min}-${part.max}`
          : part.kind === 'word'
            ? `w${part.word}`
            : `@${part.concept}`;
      let element = this.elements.get(key);
      if (!element) {
        if (part.kind === 'number') element = { kind: 'number', min: part.min, max: part.max };
        else if (part.kind === 'word')
          element = { kind: 'words', words: new Set([part.word]), negator: isNegator(part.word) };
        else element = { kind: 'words', words: this.wordsOf(part.concept, phrase.source), negator: false };
        this.elements.set(key, element);
      }
      return element;
    });
  }

  /** For each concept, itself and every concept that includes it (directly or not). */
  private includers(names: readonly string[]): Map<string, Set<string>> {
    const direct = new Map<string, string[]>(names.map((name) => [name, []]));
    for (const [name, concept] of this.parsed) {
      for (const include of concept.includes) direct.get(include.concept)?.push(name);
    }
    const closure = new Map<string, Set<string>>();
    const collect = (name: string): Set<string> => {
      const known = closure.get(name);
      if (known) return known;
      const all = new Set([name]);
      closure.set(name, all);
      for (const parent of direct.get(name) ?? []) for (const item of collect(parent)) all.add(item);
      return all;
    };
    for (const name of names) collect(name);
    return closure;
  }

  /** Concept names context.yaml refers to, each with its field. */
  private contextConcepts(): { name: string; field: string }[] {
    const context = this.sources.context?.data;
    if (!context) return [];
    const out = context.exclusive.map((name, i) => ({ name, field: `exclusive.${i}` }));
    if (context.history) {
      out.push({ name: context.history.markers, field: 'history.markers' });
      out.push({ name: context.history.present, field: 'history.present' });
      context.history.keeps.forEach((name, i) => {
        out.push({ name, field: `history.keeps.${i}` });
      });
      if (context.history.recent) out.push({ name: context.history.recent, field: 'history.recent' });
      if (context.history.resolved) out.push({ name: context.history.resolved, field: 'history.resolved' });
      if (context.history.ongoing) out.push({ name: context.history.ongoing, field: 'history.ongoing' });
    }
    if (context.hypothetical) out.push({ name: context.hypothetical, field: 'hypothetical' });
    if (context.fiction) out.push({ name: context.fiction, field: 'fiction' });
    if (context.alarm) out.push({ name: context.alarm, field: 'alarm' });
    if (context.calm) out.push({ name: context.calm, field: 'calm' });
    if (context.rhetorical) out.push({ name: context.rhetorical, field: 'rhetorical' });
    context.carry?.concepts.forEach((name, i) => {
      out.push({ name, field: `carry.concepts.${i}` });
    });
    return out;
  }

  private checkContext(): void {
    const file = this.sources.context?.file ?? '';
    for (const { name, field } of this.contextConcepts()) {
      if (!this.sources.concepts.has(name)) this.fail({ file, field }, `unknown concept "${name}"`);
    }
    const ids = new Set(this.sources.rules.map(({ rule }) => rule.id));
    this.sources.context?.data.safety_question?.options.forEach((option, o) => {
      option.rules.forEach((id, r) => {
        if (!ids.has(id))
          this.fail({ file, field: `safety_question.options.${o}.rules.${r}` }, `unknown rule "${id}"`);
      });
    });
  }

  private compileContext(index: ReadonlyMap<string, number>): CompiledContext {
    const context = this.sources.context?.data;
    const at = (name: string | undefined): number => (name === undefined ? -1 : (index.get(name) ?? -1));
    const all = (names: readonly string[] | undefined): ReadonlySet<number> =>
      new Set((names ?? []).map((name) => at(name)));
    return {
      exclusive: all(context?.exclusive),
      historyMarker: at(context?.history?.markers),
      presentMarker: at(context?.history?.present),
      keeps: all(context?.history?.keeps),
      recentMarker: at(context?.history?.recent),
      resolvedMarker: at(context?.history?.resolved),
      ongoingMarker: at(context?.history?.ongoing),
      hypothetical: at(context?.hypothetical),
      fiction: at(context?.fiction),
      alarm: at(context?.alarm),
      calm: at(context?.calm),
      rhetorical: at(context?.rhetorical),
      carry: context?.carry ? { hours: context.carry.hours, concepts: all(context.carry.concepts) } : null,
    };
  }

  private checkUsage(): void {
    const used = new Set<string>(this.contextConcepts().map((item) => item.name));
    for (const { rule } of this.sources.rules)
      for (const alternative of rule.when) for (const name of alternative) used.add(conceptOf(name));
    for (const concept of this.parsed.values()) {
      for (const include of concept.includes) used.add(include.concept);
      for (const phrase of concept.phrases)
        for (const part of phrase.parts) if (part.kind === 'slot') used.add(part.concept);
    }
    for (const [name, concept] of this.sources.concepts) {
      if (!used.has(name)) this.fail(concept as SourcedConcept, 'is not used by any rule or concept');
    }
  }

  private checkRules(): void {
    const ids = new Set<string>();
    for (const { rule, file, field } of this.sources.rules) {
      if (ids.has(rule.id)) this.fail({ file, field: `${field}.id` }, `duplicate rule id "${rule.id}"`);
      ids.add(rule.id);
      rule.when.forEach((alternative, a) => {
        alternative.forEach((name, c) => {
          if (!this.sources.concepts.has(conceptOf(name)))
            this.fail({ file, field: `${field}.when.${a}.${c}` }, `unknown concept "${name}"`);
        });
      });
      const at = { file, field: `${field}.reply` };
      for (const placeholder of rule.reply.match(/\{[^}]*\}/g) ?? []) {
        if (placeholder !== '{number}' && placeholder !== '{crisis}')
          this.fail(at, `unknown placeholder ${placeholder}`);
      }
      if (rule.level !== 'gp' && !rule.reply.includes('{number}')) {
        this.fail(at, `an ${rule.level} reply must name the emergency number ({number})`);
      }
    }
  }

  compile(): Matcher {
    this.parseConcepts();
    this.checkCycles();
    this.checkRules();
    this.checkContext();
    this.checkUsage();
    const names = [...this.parsed.keys()];
    const index = new Map(names.map((name, i) => [name, i]));
    const includers = this.includers(names);
    const byFirstWord = new Map<string, Pattern[]>();
    const numberFirst: Pattern[] = [];
    const patterns: Pattern[] = [];
    const vocabulary = new Set<string>();
    const prefixes = new Map<string, string[]>();
    const stems = new Set<string>();
    const indexUnder = (word: string, pattern: Pattern): void => {
      const list = byFirstWord.get(word);
      if (!list) byFirstWord.set(word, [pattern]);
      else if (!list.includes(pattern)) list.push(pattern);
    };
    for (const [name, concept] of this.parsed) {
      const concepts = [...(includers.get(name) ?? [name])].map((item) => index.get(item) as number);
      for (const phrase of concept.phrases) {
        const elements = this.toElements(phrase);
        const pattern: Pattern = {
          elements,
          concepts,
          unordered: phrase.unordered,
          adjacent: phrase.adjacent,
          id: patterns.length,
        };
        patterns.push(pattern);
        for (const element of elements) {
          if (element.kind !== 'words') continue;
          for (const word of element.words) {
            if (word.endsWith(PREFIX_MARK)) {
              const prefix = word.slice(0, -1);
              const key = prefix.slice(0, 3);
              const list = prefixes.get(key);
              if (!list) prefixes.set(key, [prefix]);
              else if (!list.includes(prefix)) list.push(prefix);
            } else if (word.startsWith(STEM_MARK)) stems.add(word);
            else vocabulary.add(word);
          }
        }
        // An unordered phrase may start at any of its words.
        const starts = phrase.unordered ? elements : elements.slice(0, 1);
        for (const element of starts) {
          if (element.kind === 'number') numberFirst.push(pattern);
          else for (const word of element.words) indexUnder(word, pattern);
        }
      }
    }
    const { byAnchor, numberAnchored } = anchorIndex(patterns);
    const exactOnly = [...LANGUAGE_WORDS, ...this.sources.notTypos.flatMap((word) => phraseWords(word))];
    const stemmers = [...this.stemmers.values()];
    // Grammar words' stems ("не", "нет", "меня"...) and the stems of words listed as no typos ("заживает" is
    // healing, never "заливает") are never read as typos of a symptom's stem.
    const stemExact = this.stemmerNames().flatMap((name) =>
      exactOnly.map((word) => this.stemWord(name, word)),
    );
    return {
      fuzzy: new FuzzyIndex(
        vocabulary,
        exactOnly,
        new Map(Object.entries(BRITISH_TO_AMERICAN).filter(([, american]) => vocabulary.has(american))),
      ),
      vocabulary,
      prefixes,
      stems,
      stemFuzzy: new FuzzyIndex(
        [...stems].map((stem) => stem.slice(STEM_MARK.length)),
        stemExact,
      ),
      writtenStems: new Map(
        [...this.writtenStems].filter(
          ([word, stem]) => /^[а-я]+$/.test(word) && stems.has(`${STEM_MARK}${stem}`),
        ),
      ),
      stemmers,
      stemmerNames: this.stemmerNames(),
      byFirstWord,
      numberFirst,
      byAnchor,
      numberAnchored,
      phraseCount: patterns.length,
      conceptNames: names,
      context: this.compileContext(index),
    };
  }
}
