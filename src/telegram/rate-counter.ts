import type { Logger } from '../logger.js';
import { createOutageLog } from '../sessions/outage.js';

/** What the shared counter needs from a Redis client (ioredis fits). */
export interface RedisScripting {
  eval(script: string, numberOfKeys: number, key: string, windowMs: number): Promise<unknown>;
}

/** What @grammyjs/ratelimiter calls: `incr`, then `pexpire` when the count is 1. */
export interface LimiterStorage {
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
}

/**
 * INCR and PEXPIRE in one step. Done as the limiter does it, in two calls, a Redis outage between them
 * leaves a counter without expiry, and that person would stay rate-limited for ever.
 */
const INCREMENT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/** Fixed windows in this process's memory: the fallback while Redis is down. */
const memoryWindows = (windowMs: number) => {
  const windows = new Map<string, { count: number; endsAt: number }>();
  return (key: string): number => {
    const now = Date.now();
    if (windows.size > 100_000) {
      for (const [stale, window] of windows) if (window.endsAt <= now) windows.delete(stale);
    }
    const window = windows.get(key);
    if (!window || window.endsAt <= now) {
      windows.set(key, { count: 1, endsAt: now + windowMs });
      return 1;
    }
    window.count += 1;
    return window.count;
  };
};

/**
 * Per-person counters shared through Redis, counted in this process while Redis is unreachable: during an
 * outage each instance limits on its own (a person may get a few more answers), rather than nobody
 * getting any answer.
 */
export const sharedRateCounter = (
  redis: RedisScripting,
  windowMs: number,
  logger: Logger,
): LimiterStorage => {
  const local = memoryWindows(windowMs);
  const outage = createOutageLog(logger, 'rate-limit counter', 'counting in this instance only');
  return {
    incr: async (key) => {
      try {
        const count = Number(await redis.eval(INCREMENT_IN_WINDOW, 1, key, windowMs));
        outage.succeeded();
        return count;
      } catch (error) {
        outage.failed('incr', error);
        return local(key);
      }
    },
    // The script has set the expiry already.
    pexpire: async () => 1,
  };
};
