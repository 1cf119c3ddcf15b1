import { normalise, tokens } from '../engine/normalise/index.js';
import type { DevSet, IntentCase, TrainingExample } from './types.js';

export interface DataHygiene {
  /**
   * Intent development lines whose words are also a training example: they measure recall of the KB, not
   * generalisation. (Triage lines may repeat examples: they test red flags, not intents.)
   */
  leaked: Array<{ source: string; text: string; trainedAs: string }>;
  /** Development lines that repeat an earlier line (normalised). */
  duplicates: Array<{ source: string; text: string; firstSeen: string }>;
  /** Labels that are not intents of the knowledge base: these lines are left out of the scores. */
  unknownLabels: Array<{ source: string; text: string; intent: string }>;
  /** Intents of the knowledge base that no development line tests. */
  untestedIntents: string[];
}

/** Splits off the lines labelled with an intent the knowledge base doesn't have, and reports data problems. */
export const checkHygiene = (
  dev: DevSet,
  training: TrainingExample[],
  intents: Iterable<string>,
): { hygiene: DataHygiene; scoredInScope: IntentCase[] } => {
  const known = new Set(intents);
  /** Words only, so "??????" and "!!!" don't collide; messages without words are compared as typed. */
  const keyOf = (text: string) => tokens(normalise(text)).join(' ') || text.trim();
  const trained = new Map(training.map((example) => [keyOf(example.text), example.intent]));
  const hygiene: DataHygiene = { leaked: [], duplicates: [], unknownLabels: [], untestedIntents: [] };
  const tested = new Set<string>();
  const scoredInScope: IntentCase[] = [];
  // Intent lines and triage lines are checked apart: a triage control may well be an ordinary question.
  for (const [group, items] of [
    ['intents', [...dev.inScope, ...dev.outOfScope]],
    ['triage', dev.triage],
  ] as const) {
    const seen = new Map<string, string>();
    for (const item of items) {
      const key = keyOf(item.text);
      const first = seen.get(key);
      if (first) hygiene.duplicates.push({ source: item.source, text: item.text, firstSeen: first });
      else seen.set(key, item.source);
      const trainedAs = group === 'intents' ? trained.get(key) : undefined;
      if (trainedAs !== undefined) hygiene.leaked.push({ source: item.source, text: item.text, trainedAs });
    }
  }
  for (const item of dev.inScope) {
    if (item.intent !== null && !known.has(item.intent)) {
      hygiene.unknownLabels.push({ source: item.source, text: item.text, intent: item.intent });
      continue;
    }
    if (item.intent) tested.add(item.intent);
    scoredInScope.push(item);
  }
  hygiene.untestedIntents = [...known].filter((intent) => !tested.has(intent)).sort();
  return { hygiene, scoredInScope };
};
