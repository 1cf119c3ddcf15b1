import type { InputSet } from './inputs.js';
import { percentile, warmUpTogether } from './measure.js';
import type { VersusResult } from './subjects.js';

type Handler = (text: string) => unknown;

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

const timeRound = async (handler: Handler, messages: string[], into: number[]): Promise<number> => {
  let total = 0;
  for (const text of messages) {
    const start = process.hrtime.bigint();
    const result = handler(text);
    if (isPromise(result)) await result;
    const ns = Number(process.hrtime.bigint() - start);
    into.push(ns);
    total += ns;
  }
  return total;
};

/**
 * Times two handlers on the same messages in one process, alternating whole rounds (a, b, b, a, ...), so a
 * busy machine slows both alike and their ratio stays meaningful. Both are first warmed up, untimed, pass by
 * pass in turn until the JIT has settled for each (see `warmUpTogether`).
 */
export const sideBySide = async (
  a: Handler,
  b: Handler,
  family: InputSet,
  rounds: number,
  warmupMs: number,
): Promise<VersusResult> => {
  await warmUpTogether([a, b], family, warmupMs);
  const aTimes: number[] = [];
  const bTimes: number[] = [];
  let aTotal = 0;
  let bTotal = 0;
  let messages = 0;
  const count = Math.max(2, Math.round(rounds));
  for (let round = 0; round < count; round++) {
    const batch = family.round(round);
    messages += batch.length;
    if (round % 2 === 0) {
      aTotal += await timeRound(a, batch, aTimes);
      bTotal += await timeRound(b, batch, bTimes);
    } else {
      bTotal += await timeRound(b, batch, bTimes);
      aTotal += await timeRound(a, batch, aTimes);
    }
  }
  const p99 = (times: number[]) => percentile(Float64Array.from(times).sort(), 99) / 1e6;
  const aPerSecond = messages / (aTotal / 1e9);
  const bPerSecond = messages / (bTotal / 1e9);
  return {
    messages,
    rounds: count,
    respondPerSecond: aPerSecond,
    nlpjsPerSecond: bPerSecond,
    ratio: aPerSecond / bPerSecond,
    respondP99Ms: p99(aTimes),
    nlpjsP99Ms: p99(bTimes),
  };
};
