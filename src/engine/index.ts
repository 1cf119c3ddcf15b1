import { KnowledgeError } from './kb/errors.js';
import { type KnowledgeBase, type KnowledgePaths, loadKnowledgeBase } from './kb/load.js';
import { createLanguageDetector } from './language/detect.js';
import { languageWords } from './language/words.js';
import { createMatcher, type MatcherOptions } from './match/index.js';
import { type CommandName, createResponder } from './respond/index.js';
import { triage } from './triage/index.js';
import type { Classification, ConversationState, EngineResult, TriageResult, UserInput } from './types.js';

export type { KnowledgeBase } from './kb/load.js';
export { defaultPaths, loadKnowledgeBase, localise } from './kb/load.js';
export { isLang, LANGUAGES, type Lang, langFromLocale } from './language/detect.js';
export { decodeAction, encodeAction } from './respond/actions.js';
export { COMMAND_NAMES, type CommandName, isCommandName } from './respond/index.js';
export * from './types.js';
export { KnowledgeError };

export interface EngineOptions extends Partial<MatcherOptions> {
  /** Country whose emergency number users get until they choose one (overrides the knowledge file). */
  defaultCountry?: string | undefined;
  /** Two intents closer than this in confidence are offered as "did you mean". */
  clarifyMargin?: number;
  /** An answer whose runner-up is closer than this also offers the runner-up ("Did you mean: ...?"). */
  offerMargin?: number;
}

export interface LoadEngineOptions extends EngineOptions {
  /** Folder of knowledge snapshots (see kb/snapshot.ts); null disables them. Default: the OS temp folder. */
  snapshotDir?: string | null;
}

export interface Engine {
  kb: KnowledgeBase;
  /** One turn of conversation: no I/O, the caller stores `result.state`. */
  respond(state: ConversationState, input: UserInput): EngineResult;
  /** Bot commands (/start, /help, ...), shared by every channel. */
  command(state: ConversationState, name: CommandName): EngineResult;
  /** Sets the emergency-number country (ISO code from knowledge/emergency-numbers.yaml). */
  setCountry(state: ConversationState, code: string): EngineResult;
  classify(text: string, lastIntent?: string | null): Classification;
  /** `memory`: red-flag concept names from recent turns (see ConversationState.triageFlags). */
  triage(text: string, memory?: readonly string[]): TriageResult;
  /** The language a message is read in ("en" when nothing tells). */
  detectLanguage(text: string): string;
}

export const createEngine = (base: KnowledgeBase, options: EngineOptions = {}): Engine => {
  const country = options.defaultCountry;
  if (country !== undefined && !base.countries.byCode.has(country)) {
    throw new KnowledgeError(
      'knowledge/emergency-numbers.yaml',
      'countries',
      `has no "${country}" (DEFAULT_COUNTRY)`,
    );
  }
  const kb = country ? { ...base, countries: { ...base.countries, defaultCode: country } } : base;
  const english = createMatcher(kb, { ...options, lang: 'en' });
  const matchers = new Map([['en', english]]);
  /**
   * Another language's matcher is built on its first message (it costs about as much as the English one
   * at start-up, and most processes never read that language); the same matcher either way.
   */
  const matcherFor = (lang: string) => {
    let matcher = matchers.get(lang);
    if (matcher === undefined && kb.translations.has(lang)) {
      matcher = createMatcher(kb, { ...options, lang });
      matchers.set(lang, matcher);
    }
    return matcher ?? english;
  };
  const words = languageWords(base);
  const detector = createLanguageDetector(words.russianStems, words.englishWords);
  const classifyIn = (text: string, context: { lastIntent: string | null }, lang = 'en') =>
    matcherFor(lang).classify(text, context);
  /** One matcher reads every language's red-flag words ("у меня chest pain" still raises the alarm). */
  const checkIn = (text: string, memory?: readonly string[]): TriageResult =>
    triage(text, kb.redFlags, memory);
  const responder = createResponder({
    kb,
    classify: classifyIn,
    triage: checkIn,
    detect: detector.detect,
    clarifyMargin: options.clarifyMargin ?? 0.02,
    offerMargin: options.offerMargin,
  });
  const read = (text: string) => {
    const detected = detector.detect(text);
    return { lang: detected.lang ?? 'en', text: detected.text };
  };
  const classify = (text: string, lastIntent: string | null = null) => {
    const { lang, text: readText } = read(text);
    return classifyIn(readText, { lastIntent }, lang);
  };
  const check = (text: string, memory?: readonly string[]) => checkIn(read(text).text, memory);
  const detectLanguage = (text: string): string => read(text).lang;
  return { kb, ...responder, classify, triage: check, detectLanguage };
};

/** Loads the knowledge base from disk and builds an engine; throws KnowledgeError on bad files. */
export const loadEngine = (paths?: KnowledgePaths, options: LoadEngineOptions = {}): Engine => {
  const { snapshotDir, ...engineOptions } = options;
  return createEngine(
    loadKnowledgeBase(paths, snapshotDir === undefined ? {} : { snapshotDir }),
    engineOptions,
  );
};
