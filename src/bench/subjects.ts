import type { LatencyStats } from './measure.js';
import type { HotSpots } from './profile.js';

export const SUBJECTS = [
  'baseline',
  'engine',
  'nlpjs',
  'versus',
  'fuse',
  'fuse-token',
  'bot',
  'bot-capped',
  'start',
] as const;

/**
 * `bot-capped` is the same bot run with a capped V8 heap: V8 otherwise grows its heap far beyond the
 * ~30 MB the bot keeps alive (it has the machine's memory to use), and resident memory follows the heap.
 * The flags are those of `npm run start:prod` (package.json), so the bot is measured as it is deployed.
 */
export const BOT_CAPPED_FLAGS = ['--max-old-space-size=96', '--max-semi-space-size=1', '--optimize-for-size'];
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
  /**
   * Knowledge snapshots folder shared by the run's subjects: empty when the engine subject loads (a cold
   * load, nothing to reuse), holding that load's snapshot when the versus subject loads (a warm one).
   */
  snapshotDir?: string;
}

export interface Memory {
  /** Resident set size after a full GC, in MB. */
  rssMb: number;
  /** Live JavaScript heap after that GC. */
  heapUsedMb: number;
  /** Heap V8 has reserved (live or not). */
  heapTotalMb: number;
  /** Peak resident set size of the process so far, in MB. */
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
  /** Ready to answer, before any message. */
  memoryAfterStartup: Memory;
  /** After every measurement (bot: after all its updates); `maxRssMb` is the peak of the whole run. */
  memoryAtEnd: Memory;
  /** Per function measured (engine: respond, classify, triage), per input family. */
  latency: Record<string, Record<string, LatencyStats>>;
  bot?: unknown;
  /** `versus`: engine.respond() and NLP.js interleaved in one process, round by round. */
  versus?: Record<string, VersusResult>;
  /** Heaviest functions (self time) of engine.respond() per input family, with `--profile`. */
  profile?: Record<string, HotSpots>;
  notes: string[];
}

/** One family timed side by side: total time of each over the same messages, alternating rounds. */
export interface VersusResult {
  messages: number;
  rounds: number;
  respondPerSecond: number;
  nlpjsPerSecond: number;
  /** respondPerSecond / nlpjsPerSecond: load on the machine slows both alike, so the ratio holds. */
  ratio: number;
  respondP99Ms: number;
  nlpjsP99Ms: number;
}
