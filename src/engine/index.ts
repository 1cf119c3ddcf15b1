import { KnowledgeError } from './kb/errors.js';
import { type KnowledgeBase, type KnowledgePaths, loadKnowledgeBase } from './kb/load.js';
import { createMatcher, type MatcherOptions } from './match/index.js';
import { type CommandName, createResponder } from './respond/index.js';
import { triage } from './triage/index.js';
import type { Classification, ConversationState, EngineResult, TriageResult, UserInput } from './types.js';

export type { KnowledgeBase } from './kb/load.js';
export { defaultPaths, loadKnowledgeBase } from './kb/load.js';
export { decodeAction, encodeAction } from './respond/actions.js';
export type { CommandName } from './respond/index.js';
export * from './types.js';
export { KnowledgeError };

export interface EngineOptions extends Partial<MatcherOptions> {
  /** Country whose emergency number users get until they choose one (overrides the knowledge file). */
  defaultCountry?: string | undefined;
  /** Two intents closer than this in confidence are offered as "did you mean". */
  clarifyMargin?: number;
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
  const matcher = createMatcher(kb, options);
  const classify = (text: string, lastIntent: string | null = null) => matcher.classify(text, { lastIntent });
  const check = (text: string, memory?: readonly string[]) => triage(text, kb.redFlags, memory);
  const responder = createResponder({
    kb,
    classify: matcher.classify,
    triage: check,
    clarifyMargin: options.clarifyMargin ?? 0.02,
  });
  return { kb, ...responder, classify, triage: check };
};

/** Loads the knowledge base from disk and builds an engine; throws KnowledgeError on bad files. */
export const loadEngine = (paths?: KnowledgePaths, options?: EngineOptions): Engine =>
  createEngine(loadKnowledgeBase(paths), options);
