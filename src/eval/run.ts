import { type Engine, loadEngine } from '../engine/index.js';
import type { KnowledgePaths } from '../engine/kb/load.js';
import { answerableIntents, engineClassifier, trainingExamples } from './classifiers.js';
import { type ConversationMetrics, evaluateConversation } from './conversation.js';
import { DEFAULT_DATA_DIR, loadDevSet } from './datasets.js';
import { checkHygiene, type DataHygiene } from './hygiene.js';
import {
  accuracyAtDetection,
  type ClassifierMetrics,
  DEFAULT_SWEEP,
  type SweepPoint,
  scoreClassifier,
  sweepThresholds,
} from './metrics.js';
import { createFusePeer, createFuseTokenPeer } from './peers/fuse.js';
import { createNlpjsPeer } from './peers/nlpjs.js';
import { evaluateTriage, type TriageMetrics } from './triage.js';
import type { Classifier, DevSet, IntentCase, Prediction } from './types.js';

export interface SystemReport {
  name: string;
  description: string;
  threshold: number;
  metrics: ClassifierMetrics;
  /** Accuracy and out-of-scope detection at thresholds 0, 0.01, ..., 1 (and the one used). */
  sweep: SweepPoint[];
  /**
   * This system at the lowest threshold that detects at least as many out-of-scope lines as the engine does:
   * accuracy at the same operating point, independent of the threshold each ships with.
   */
  atEngineDetection: SweepPoint | null;
}

export interface EvalReport {
  generatedAt: string;
  data: {
    dir: string;
    files: string[];
    inScope: number;
    outOfScope: number;
    triage: { redflag: number; control: number };
    intents: number;
    trainingExamples: number;
  };
  hygiene: DataHygiene;
  /** The engine first, then the peers in a fixed order. */
  systems: SystemReport[];
  /** Engine only: peers have no triage. Rates are null while the dev set has no triage file. */
  triage: TriageMetrics;
  /** Engine only: what `respond()` shows first. */
  conversation: ConversationMetrics;
  /** The engine on each other language's development files (`*-ru.jsonl`), measured like English. */
  languages?: LanguageReport[];
}

export interface LanguageReport {
  lang: string;
  files: string[];
  inScope: number;
  outOfScope: number;
  engine: SystemReport;
  triage: TriageMetrics;
}

/** The engine alone on one language's development files; null when there are none. */
export const evaluateLanguage = async (
  engine: Engine,
  dataDir: string,
  lang: string,
): Promise<LanguageReport | null> => {
  const dev = loadDevSet(dataDir, lang);
  if (dev.files.length === 0) return null;
  const intents = answerableIntents(engine.kb);
  const system = await evaluateClassifier(engineClassifier(engine), dev.inScope, dev.outOfScope, intents);
  return {
    lang,
    files: dev.files,
    inScope: dev.inScope.length,
    outOfScope: dev.outOfScope.length,
    engine: system,
    triage: evaluateTriage(engine, dev.triage, dev.inScope, dev.outOfScope),
  };
};

export interface EvalOptions {
  /** Knowledge base folders; default `intents/` and `knowledge/`. */
  paths?: KnowledgePaths;
  /** An engine already built (tests reuse theirs); overrides `paths`. */
  engine?: Engine;
  dataDir?: string;
  /** A dev set already loaded; overrides `dataDir`. */
  dev?: DevSet;
  /** Train and run the three peers as well (NLP.js training takes a few seconds). Default true. */
  peers?: boolean;
  /** Progress lines (the CLI writes them to stderr; plain fuse.js takes ~20 s over the dev set). */
  progress?: (line: string) => void;
  /**
   * Also score the other languages' development sets in `dataDir` (dev-intents-ru.jsonl...). Default: only
   * when no `dev` set is given, as a set passed in is one language's lines.
   */
  languages?: boolean;
}

const predictAll = async (classifier: Classifier, cases: IntentCase[]): Promise<Prediction[]> => {
  const predictions: Prediction[] = [];
  for (const item of cases) predictions.push(await classifier.classify(item.text));
  return predictions;
};

/** Builds the peers from the same examples the engine learnt from. */
export const buildPeers = async (engine: Engine): Promise<Classifier[]> => {
  const examples = trainingExamples(engine.kb);
  return [await createNlpjsPeer(examples), createFusePeer(examples), createFuseTokenPeer(examples)];
};

export const evaluateClassifier = async (
  classifier: Classifier,
  inScope: IntentCase[],
  outOfScope: IntentCase[],
  intents: string[],
): Promise<SystemReport> => {
  const inScopePredictions = await predictAll(classifier, inScope);
  const outOfScopePredictions = await predictAll(classifier, outOfScope);
  const thresholds = [...new Set([...DEFAULT_SWEEP, classifier.threshold])].sort((a, b) => a - b);
  return {
    name: classifier.name,
    description: classifier.description,
    threshold: classifier.threshold,
    metrics: scoreClassifier(inScope, inScopePredictions, outOfScope, outOfScopePredictions, intents),
    sweep: sweepThresholds(inScope, inScopePredictions, outOfScopePredictions, thresholds),
    atEngineDetection: null,
  };
};

/** The whole evaluation: engine and peers on the same development set. */
export const runEvaluation = async (options: EvalOptions = {}): Promise<EvalReport> => {
  const engine = options.engine ?? loadEngine(options.paths);
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const dev = options.dev ?? loadDevSet(dataDir);
  const examples = trainingExamples(engine.kb);
  const intents = answerableIntents(engine.kb);
  const { hygiene, scoredInScope } = checkHygiene(dev, examples, intents);

  const classifiers: Classifier[] = [engineClassifier(engine)];
  if (options.peers ?? true) {
    const started = performance.now();
    classifiers.push(...(await buildPeers(engine)));
    options.progress?.(`eval: peers trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const systems: SystemReport[] = [];
  for (const classifier of classifiers) {
    const started = performance.now();
    systems.push(await evaluateClassifier(classifier, scoredInScope, dev.outOfScope, intents));
    options.progress?.(
      `eval: ${classifier.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const languages: LanguageReport[] = [];
  if (options.languages ?? !options.dev) {
    for (const lang of engine.kb.translations.keys()) {
      const report = await evaluateLanguage(engine, dataDir, lang);
      if (report) languages.push(report);
    }
  }
  const engineDetection = systems[0]?.metrics.outOfScopeDetection.rate ?? null;
  for (const system of systems) system.atEngineDetection = accuracyAtDetection(system.sweep, engineDetection);
  return {
    generatedAt: new Date().toISOString(),
    data: {
      dir: dataDir,
      files: dev.files,
      inScope: scoredInScope.length,
      outOfScope: dev.outOfScope.length,
      triage: {
        redflag: dev.triage.filter((item) => item.kind === 'redflag').length,
        control: dev.triage.filter((item) => item.kind === 'control').length,
      },
      intents: intents.length,
      trainingExamples: examples.length,
    },
    hygiene,
    systems,
    triage: evaluateTriage(engine, dev.triage, scoredInScope, dev.outOfScope),
    conversation: evaluateConversation(engine, scoredInScope, dev.outOfScope),
    languages,
  };
};
