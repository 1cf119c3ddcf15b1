import { createEngine, type Engine, type KnowledgeBase } from '../engine/index.js';
import { OUT_OF_SCOPE_INTENT } from '../engine/kb/load.js';
import { DEFAULT_MATCHER_OPTIONS } from '../engine/match/index.js';
import type { Classifier, Prediction, TrainingExample } from './types.js';

/**
 * The knowledge base's reserved "none" class (intents/out_of_scope.yaml). Every classifier trains on its
 * examples like any intent's, and answering it means "out of scope" (null), as in Rasa and NLP.js.
 */
export const NONE_INTENT = OUT_OF_SCOPE_INTENT;

/** Intents a classifier can be right about: every intent but the none class. */
export const answerableIntents = (kb: Pick<KnowledgeBase, 'intents'>): string[] =>
  [...kb.intents.keys()].filter((id) => id !== NONE_INTENT).sort();

/** A prediction whose best candidate is the none class is out of scope at any threshold. */
export const noneAsNull = (prediction: Prediction): Prediction =>
  prediction.best === NONE_INTENT
    ? { intent: null, best: null, confidence: prediction.confidence }
    : prediction;

/** Every intent example of the knowledge base in one language: what the engine and all peers learn from. */
export const trainingExamples = (kb: Pick<KnowledgeBase, 'intents'>, lang = 'en'): TrainingExample[] =>
  [...kb.intents.values()].flatMap((intent) =>
    (intent.examples.get(lang) ?? []).map((text) => ({ text, intent: intent.id })),
  );

/**
 * The engine as a classifier. Its answer is `engine.classify()` exactly; a second engine with threshold 0
 * supplies the best candidate behind a null answer, for the misclassified list and the threshold sweep.
 */
export const engineClassifier = (engine: Engine): Classifier => {
  const probe = createEngine(engine.kb, { threshold: 0 });
  return {
    name: 'engine',
    description: `crampbot engine: engine.classify(), null below confidence ${DEFAULT_MATCHER_OPTIONS.threshold}`,
    threshold: DEFAULT_MATCHER_OPTIONS.threshold,
    classify(text: string): Prediction {
      const answer = engine.classify(text);
      if (answer.intent) return { intent: answer.intent, best: answer.intent, confidence: answer.confidence };
      const best = probe.classify(text);
      return { intent: null, best: best.intent, confidence: best.confidence };
    },
  };
};
