import { createRequire } from 'node:module';
import { noneAsNull } from '../classifiers.js';
import type { Classifier, Prediction, TrainingExample } from '../types.js';

/**
 * NLP.js's own default: `Nlp.process()` answers "None" when the best intent scores below 0.5 (and its neural
 * network answers "None" when no word of the message was seen in training). We keep both rules and map
 * "None" to null, so the peer behaves as an NLP.js bot would out of the box. Like every classifier here it
 * is also trained on intents/out_of_scope.yaml, and answering that class means null.
 */
export const NLPJS_THRESHOLD = 0.5;

interface NluOutput {
  intent: string;
  score: number;
  classifications?: Array<{ intent: string; score: number }>;
}

/** The part of node-nlp's untyped API the peer uses. */
export interface NlpManagerLike {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  export(minified?: boolean): string;
  import(data: string): void;
  nlp: { nluManager: { process(locale: string, utterance: string): Promise<NluOutput> } };
}

type NlpManagerClass = new (settings: Record<string, unknown>) => NlpManagerLike;

const require = createRequire(import.meta.url);

/** Runs `work` with console output swallowed: NLP.js prints training progress and warnings. */
export const quietly = async <T>(work: () => Promise<T> | T): Promise<T> => {
  const saved = { log: console.log, info: console.info, warn: console.warn, debug: console.debug };
  const mute = () => {};
  Object.assign(console, { log: mute, info: mute, warn: mute, debug: mute });
  try {
    return await work();
  } finally {
    Object.assign(console, saved);
  }
};

/** English-only manager, nothing written to disk, no NER or sentiment: just the neural intent classifier. */
export const newNlpManager = (): NlpManagerLike => {
  const { NlpManager } = require('node-nlp') as { NlpManager: NlpManagerClass };
  return new NlpManager({
    languages: ['en'],
    autoLoad: false,
    autoSave: false,
    forceNER: false,
    calculateSentiment: false,
    nlu: { log: false },
  });
};

export const nlpjsClassifier = (manager: NlpManagerLike, threshold = NLPJS_THRESHOLD): Classifier => ({
  name: 'nlpjs',
  description: `NLP.js (node-nlp 4) neural intent classifier, "None" or score < ${threshold} → null (NLP.js defaults)`,
  threshold,
  async classify(text: string): Promise<Prediction> {
    const output = await manager.nlp.nluManager.process('en', text);
    if (output.intent === 'None' || !output.intent) {
      // NLP.js gave up; its best real class still feeds the threshold sweep.
      const top = output.classifications?.find((entry) => entry.intent !== 'None');
      return noneAsNull({
        intent: null,
        best: top && top.score > 0 ? top.intent : null,
        confidence: top?.score ?? 0,
      });
    }
    return noneAsNull({
      intent: output.score >= threshold ? output.intent : null,
      best: output.intent,
      confidence: output.score,
    });
  },
});

/** Trains NLP.js on the examples (silently) and returns it as a classifier. */
export const createNlpjsPeer = async (
  examples: TrainingExample[],
  threshold = NLPJS_THRESHOLD,
): Promise<Classifier & { manager: NlpManagerLike }> => {
  const manager = newNlpManager();
  await quietly(async () => {
    for (const example of examples) manager.addDocument('en', example.text, example.intent);
    await manager.train();
  });
  return { ...nlpjsClassifier(manager, threshold), manager };
};
