/**
 * Turns the validated red-flag file into a matcher: phrases become word patterns, `@concept` references
 * are resolved (and checked), and the typo index is built once at load time.
 */
import { KnowledgeError } from '../kb/errors.js';
import { FuzzyIndex } from '../normalise/fuzzy.js';
import { ENGLISH, grammarWords, type TriageGrammar } from './grammar.js';
import type { Element, Matcher, Pattern } from './match.js';
import type { RedFlagsFile } from './schema.js';
import { phraseWords } from './tokens.js';

/** A phrase as written: literal words, one-word slots (`@concept`) and numbers (`#`, `#10+`). */
type Part =
  | { kind: 'word'; word: string }
  | { kind: 'slot'; concept: string }
  | { kind: 'number'; min: number; max: number };

interface ParsedConcept {
  /** Concepts included whole (a phrase that is just `@name`), with the phrase index for errors. */
  includes: { concept: string; at: number }[];
  phrases: { parts: Part[]; at: number }[];
}

/** `#` any number, `#10` exactly 10, `#10+` at least 10, `#1-17` from 1 to 17. */
const NUMBER_SLOT = /^#(?:(\d{1,4})(\+|-(\d{1,4}))?)?$/;

export class Compiler {
  private readonly parsed = new Map<string, ParsedConcept>();
  private readonly slotWords = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly file: string,
    private readonly data: RedFlagsFile,
    private readonly grammar: TriageGrammar = ENGLISH,
  ) {}

  private fail(field: string, detail: string): never {
    throw new KnowledgeError(this.file, field, detail);
  }

  private parsePhrase(concept: string, index: number, text: string): Part[] {
    const field = `concepts.${concept}.${index}`;
    const parts: Part[] = [];
    for (const piece of text.split(/\s+/)) {
      if (piece.startsWith('@')) {
        const name = piece.slice(1);
        if (!(name in this.data.concepts)) this.fail(field, `unknown concept "${name}"`);
        parts.push({ kind: 'slot', concept: name });
      } else if (piece.startsWith('#')) {
        const number = NUMBER_SLOT.exec(piece);
        if (!number) this.fail(field, `"${piece}" is not a number slot (use #, #10, #10+ or #1-17)`);
        const min = Number(number[1] ?? 0);
        const max =
          number[2] === undefined ? min : number[2] === '+' ? Number.POSITIVE_INFINITY : Number(number[3]);
        parts.push({ kind: 'number', min, max: number[1] === undefined ? Number.POSITIVE_INFINITY : max });
      } else {
        for (const word of phraseWords(piece, this.grammar.key)) parts.push({ kind: 'word', word });
      }
    }
    if (parts.length === 0) this.fail(field, `"${text}" has no words after normalising`);
    return parts;
  }

  private parseConcepts(): void {
    for (const [name, phrases] of Object.entries(this.data.concepts)) {
      const concept: ParsedConcept = { includes: [], phrases: [] };
      phrases.forEach((text, at) => {
        const parts = this.parsePhrase(name, at, text);
        const only = parts[0];
        if (parts.length === 1 && only?.kind === 'slot') concept.includes.push({ concept: only.concept, at });
        else concept.phrases.push({ parts, at });
      });
      this.parsed.set(name, concept);
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
          this.fail(`concepts.${name}.${include.at}`, `concepts include each other in a loop (${loop})`);
        }
        visit(include.concept, [...trail, name]);
      }
      state.set(name, 'done');
    };
    for (const name of this.parsed.keys()) visit(name, []);
  }

  /** The words a one-word slot `@name` stands for; every phrase of `name` must be a single word. */
  private wordsOf(name: string, usedAt: string): ReadonlySet<string> {
    const known = this.slotWords.get(name);
    if (known) return known;
    const concept = this.parsed.get(name) as ParsedConcept;
    const words = new Set<string>();
    for (const phrase of concept.phrases) {
      const [only, ...rest] = phrase.parts;
      if (only?.kind !== 'word' || rest.length > 0) {
        this.fail(
          usedAt,
          `"@${name}" stands for one word, but concept "${name}" has the phrase "${this.data.concepts[name]?.[phrase.at]}"`,
        );
      }
      words.add(only.word);
    }
    for (const include of concept.includes)
      for (const word of this.wordsOf(include.concept, usedAt)) words.add(word);
    this.slotWords.set(name, words);
    return words;
  }

  private toElements(name: string, at: number, parts: readonly Part[]): Element[] {
    return parts.map((part): Element => {
      if (part.kind === 'number') return { kind: 'number', min: part.min, max: part.max };
      if (part.kind === 'word')
        return {
          kind: 'words',
          words: new Set([part.word]),
          negator: this.grammar.negation.negators.has(part.word),
        };
      return { kind: 'words', words: this.wordsOf(part.concept, `concepts.${name}.${at}`), negator: false };
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

  private checkUsage(): void {
    const used = new Set<string>();
    for (const rule of this.data.rules)
      for (const alternative of rule.when) for (const name of alternative) used.add(name);
    for (const concept of this.parsed.values()) {
      for (const include of concept.includes) used.add(include.concept);
      for (const phrase of concept.phrases)
        for (const part of phrase.parts) if (part.kind === 'slot') used.add(part.concept);
    }
    for (const name of this.parsed.keys()) {
      if (!used.has(name)) this.fail(`concepts.${name}`, 'is not used by any rule or concept');
    }
  }

  private checkRules(): void {
    const ids = new Set<string>();
    this.data.rules.forEach((rule, r) => {
      if (ids.has(rule.id)) this.fail(`rules.${r}.id`, `duplicate rule id "${rule.id}"`);
      ids.add(rule.id);
      rule.when.forEach((alternative, a) => {
        alternative.forEach((name, c) => {
          if (!(name in this.data.concepts))
            this.fail(`rules.${r}.when.${a}.${c}`, `unknown concept "${name}"`);
        });
      });
      for (const placeholder of rule.reply.match(/\{[^}]*\}/g) ?? []) {
        if (placeholder !== '{number}') this.fail(`rules.${r}.reply`, `unknown placeholder ${placeholder}`);
      }
      if (rule.level !== 'gp' && !rule.reply.includes('{number}')) {
        this.fail(`rules.${r}.reply`, `an ${rule.level} reply must name the emergency number ({number})`);
      }
    });
  }

  compile(): Matcher {
    this.parseConcepts();
    this.checkCycles();
    this.checkRules();
    this.checkUsage();
    const names = [...this.parsed.keys()];
    const index = new Map(names.map((name, i) => [name, i]));
    const includers = this.includers(names);
    const byFirstWord = new Map<string, Pattern[]>();
    const numberFirst: Pattern[] = [];
    const vocabulary = new Set<string>();
    for (const [name, concept] of this.parsed) {
      const concepts = [...(includers.get(name) ?? [name])].map((item) => index.get(item) as number);
      for (const phrase of concept.phrases) {
        const elements = this.toElements(name, phrase.at, phrase.parts);
        const pattern: Pattern = { elements, concepts };
        const first = elements[0] as Element;
        for (const element of elements)
          if (element.kind === 'words') for (const word of element.words) vocabulary.add(word);
        if (first.kind === 'number') numberFirst.push(pattern);
        else {
          for (const word of first.words) {
            const list = byFirstWord.get(word);
            if (list) list.push(pattern);
            else byFirstWord.set(word, [pattern]);
          }
        }
      }
    }
    // Words of the language's own grammar (negators, pronouns...) are never read as typos of symptom words.
    const exactOnly = [
      ...grammarWords(this.grammar),
      ...this.data.not_typos.flatMap((word) => phraseWords(word, this.grammar.key)),
    ];
    return {
      fuzzy: new FuzzyIndex(vocabulary, exactOnly),
      grammar: this.grammar,
      byFirstWord,
      numberFirst,
      conceptNames: names,
    };
  }
}
