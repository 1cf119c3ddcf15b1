/** Size and rate limits of the web chat socket. */

/** Longest message text accepted, as on Telegram (the page's input has the same maxlength). */
export const MAX_TEXT_CHARS = 4096;
/** Largest websocket frame accepted; a bigger one closes the connection (1009) before it is parsed. */
export const MAX_FRAME_BYTES = 32 * 1024;
/** Frames dropped for rate in one window before the connection is closed (1008). */
export const MAX_DROPPED_PER_WINDOW = 20;
/** Open sockets per process, a backstop behind the two caps below; more are refused with 503. */
export const MAX_CONNECTIONS = 1000;
/**
 * Open sockets per client address (an IPv6 /64), refused with 429 beyond it: enough for a household or an
 * office behind one address, far from the process-wide cap.
 */
export const MAX_SOCKETS_PER_ADDRESS = 30;
/** Open sockets per browser (its signed id): one per tab, for more tabs than anyone keeps open. */
export const MAX_SOCKETS_PER_IDENTITY = 10;

export interface RateLimiter {
  /** Counts one event; false when it is over the limit (and is not counted). */
  take(): boolean;
}

/** A sliding-window limiter: at most `limit` events in any `windowMs`. The clock is injectable for tests. */
export const createRateLimiter = (
  limit: number,
  windowMs: number,
  now: () => number = Date.now,
): RateLimiter => {
  const times: number[] = [];
  return {
    take: () => {
      const t = now();
      while (times.length > 0 && (times[0] as number) <= t - windowMs) times.shift();
      if (times.length >= limit) return false;
      times.push(t);
      return true;
    },
  };
};
