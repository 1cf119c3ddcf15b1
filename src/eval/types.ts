import type { Level } from '../engine/types.js';

/** One labelled message of the development set. `intent: null` means "must be out of scope". */
export interface IntentCase {
  text: string;
  intent: string | null;
  /** File and line the case came from, e.g. `dev-intents-a.jsonl:12`. */
  source: string;
}

export type TriageKind = 'redflag' | 'control';

/** One labelled message of the triage set: the level the engine must reach (red flags) or stay below (controls). */
export interface TriageCase {
  text: string;
  level: Level;
  kind: TriageKind;
  source: string;
}

export interface DevSet {
  /** Files read, relative to the data folder. */
  files: string[];
  inScope: IntentCase[];
  outOfScope: IntentCase[];
  triage: TriageCase[];
}

/** A training example shared by the engine and every peer. */
export interface TrainingExample {
  text: string;
  intent: string;
}

/** What a classifier said about one message. */
export interface Prediction {
  /** The answer after the classifier's own out-of-scope rule; null = out of scope. */
  intent: string | null;
  /** The best candidate before that rule (null when there was no candidate at all). */
  best: string | null;
  /** Confidence of `best`, higher is better, in [0, 1] (fuse.js scores are turned into 1 - score). */
  confidence: number;
}

/** The engine and its peers all look like this to the evaluation. */
export interface Classifier {
  /** Short column name: `engine`, `nlpjs`, `fuse`, `fuse-token`. */
  name: string;
  /** One line: what it is and how it decides "out of scope". */
  description: string;
  /** Confidence at or above which `best` is answered (for the threshold sweep). */
  threshold: number;
  classify(text: string): Prediction | Promise<Prediction>;
}
