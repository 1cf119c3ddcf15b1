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

/** Runs the family's warm-up messages for `ms` milliseconds (at least one message), untimed. */
export const warmUp = async (handler: Handler, inputs: InputSet, ms: number): Promise<void> => {
  const end = performance.now() + ms;
  do {
    for (const text of inputs.warmup) {
      await timeOne(handler, text);
      if (performance.now() > end) break;
    }
  } while (performance.now() < end);
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
