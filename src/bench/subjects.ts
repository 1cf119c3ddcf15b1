import type { LatencyStats } from './measure.js';
import type { HotSpots } from './profile.js';

export const SUBJECTS = ['baseline', 'engine', 'nlpjs', 'fuse', 'fuse-token', 'bot'] as const;
export type Subject = (typeof SUBJECTS)[number];

export interface WorkerOptions {
  subject: Subject;
  /** Project root holding intents/ and knowledge/. */
  root: string;
  dataDir: string;
  /** Multiplies time budgets (--quick uses 0.25). */
  scale: number;
  botUpdates: number;
  /** Engine only: after timing, profile respond() per input family (a separate, untimed pass). */
  profile: boolean;
}

export interface Memory {
  /** Resident set size after start-up and a full GC, in MB. */
  rssMb: number;
  heapUsedMb: number;
  /** Peak resident set size over the whole run, in MB. */
  maxRssMb: number;
}

export interface WorkerResult {
  subject: Subject;
  /** Importing the subject's modules (includes TypeScript transpilation by tsx on a cold cache). */
  importMs: number;
  /** Load and validate the knowledge (or read the examples) and build the index / train: ready to answer. */
  startupMs: number;
  /** Extra start-up figures, e.g. NLP.js loading an already trained model. */
  startupExtra: Record<string, number>;
  memoryAfterStartup: Memory;
  /** Per function measured (engine: respond, classify, triage), per input family. */
  latency: Record<string, Record<string, LatencyStats>>;
  bot?: unknown;
  /** Heaviest functions (self time) of engine.respond() per input family, with `--profile`. */
  profile?: Record<string, HotSpots>;
  notes: string[];
}
