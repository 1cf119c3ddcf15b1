import type { InputSet } from './inputs.js';

export interface LatencyStats {
  /** Messages timed. */
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** n / total time of the timed calls: throughput of one thread, i.e. one core. */
  perSecond: number;
}

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: ArrayLike<number>, p: number): number => {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
};

export const summarise = (durationsNs: number[]): LatencyStats => {
  const sorted = Float64Array.from(durationsNs).sort();
  const total = sorted.reduce((sum, value) => sum + value, 0);
  const ms = (ns: number) => ns / 1e6;
  return {
    n: sorted.length,
    p50Ms: ms(percentile(sorted, 50)),
    p99Ms: ms(percentile(sorted, 99)),
    maxMs: ms(sorted[sorted.length - 1] ?? 0),
    meanMs: sorted.length ? ms(total / sorted.length) : 0,
    perSecond: total > 0 ? sorted.length / (total / 1e9) : 0,
  };
};

export interface Budget {
  /** Stop adding rounds once this many messages were timed... */
  targetSamples: number;
  /** ...or once this much time was spent timing (at least one round always runs, cut short after this). */
  maxMs: number;
  /** Warm-up time before timing. */
  warmupMs: number;
}

export const DEFAULT_BUDGET: Budget = { targetSamples: 5000, maxMs: 4000, warmupMs: 500 };
/** Slow peers (fuse.js at 40 ms+ per message) would take minutes under the default budget. */
export const LONG_BUDGET: Budget = { targetSamples: 500, maxMs: 4000, warmupMs: 500 };

type Handler = (text: string) => unknown;

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** One call; awaited only when the handler is asynchronous, so synchronous handlers pay no microtask. */
const timeOne = async (handler: Handler, text: string): Promise<number> => {
  const start = process.hrtime.bigint();
  const result = handler(text);
  if (isPromise(result)) await result;
  return Number(process.hrtime.bigint() - start);
};

/** Two warm-up passes in a row, each no more than this much faster than the one before, mean the JIT has settled. */
const SETTLED_GAIN = 0.05;
const SETTLED_PASSES = 2;
/** Warm-up gives up settling after this long (a family whose passes keep getting faster is timed anyway). */
const SETTLE_CAP_MS = 8000;

/**
 * Runs the family's warm-up messages (new ones each pass where the family makes them) pass after pass,
 * untimed, for at least `ms` milliseconds and then until two passes in a row are each no more than 5% faster
 * than the one before (at most 8 s). On one pinned core the
 * optimising compiler shares the core with the code it compiles, so right after start-up throughput climbs
 * for seconds; a fixed short warm-up timed that climb instead of the steady state. Every subject and family
 * gets the same rule, so ratios stay fair.
 */
export const warmUp = (handler: Handler, inputs: InputSet, ms: number): Promise<void> =>
  warmUpTogether([handler], inputs, ms);

/**
 * `warmUp` for handlers timed side by side in one process: their passes alternate until every one has
 * settled (at most 8 s each). Warmed one after the other, the first went cold while the second warmed:
 * seconds of another handler's garbage collections age its bytecode until V8 flushes it, so its first
 * timed rounds compiled it again (typo'd messages ran 3 ms each instead of 0.2 ms).
 */
export const warmUpTogether = async (handlers: Handler[], inputs: InputSet, ms: number): Promise<void> => {
  if (inputs.warmup.length === 0 || handlers.length === 0) return;
  const start = performance.now();
  const cap = start + Math.max(ms, SETTLE_CAP_MS) * handlers.length;
  const previousPassMs = handlers.map(() => Number.POSITIVE_INFINITY);
  const settledPasses = handlers.map(() => 0);
  for (let pass = 0; ; pass++) {
    for (const [which, handler] of handlers.entries()) {
      const passStart = performance.now();
      for (const text of inputs.warmupPass?.(pass) ?? inputs.warmup) {
        await timeOne(handler, text);
        if (performance.now() > cap) return;
      }
      const passMs = performance.now() - passStart;
      const previous = previousPassMs[which] as number;
      settledPasses[which] =
        passMs >= previous * (1 - SETTLED_GAIN) ? (settledPasses[which] as number) + 1 : 0;
      previousPassMs[which] = passMs;
    }
    const settled = settledPasses.every((passes) => passes >= SETTLED_PASSES);
    if (performance.now() - start >= ms && settled) return;
  }
};

/** Times every message of successive rounds until the budget is spent (no warm-up: see `measure`). */
export const timeRounds = async (
  handler: Handler,
  inputs: InputSet,
  budget: Budget,
): Promise<LatencyStats> => {
  const durations: number[] = [];
  const end = performance.now() + budget.maxMs;
  for (let round = 0; durations.length < budget.targetSamples; round++) {
    const messages = inputs.round(round);
    if (messages.length === 0) break;
    for (const text of messages) {
      durations.push(await timeOne(handler, text));
      if (durations.length >= budget.targetSamples) break;
      if (performance.now() > end && durations.length >= 3) break;
    }
    if (performance.now() > end) break;
  }
  return summarise(durations);
};

/**
 * Warms up on the family's warm-up messages, then times every message of successive rounds until the
 * budget is spent. Returns per-message latency and one-thread throughput.
 */
export const measure = async (handler: Handler, inputs: InputSet, budget: Budget): Promise<LatencyStats> => {
  await warmUp(handler, inputs, budget.warmupMs);
  return timeRounds(handler, inputs, budget);
};
