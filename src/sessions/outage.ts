import type { Logger } from '../logger.js';

/** During an outage every update fails the same way: one warning now and then says enough. */
const REPEAT_WARNING_MS = 30_000;

export interface OutageLog {
  /** A call to the shared store failed; the caller carries on without it. */
  failed(operation: string, error: unknown): void;
  /** A call succeeded; logs the recovery if the store was down. */
  succeeded(): void;
  /** Whether the last call failed. */
  isDown(): boolean;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Logs a dependency's outage as it starts (warn), while it lasts (a reminder every 30 s with the number of
 * failed calls) and when it ends (info), instead of one line per failed call: a flood of identical lines
 * would bury everything else in the log. Never logs keys or values, only the operation and the error.
 */
export const createOutageLog = (logger: Logger, component: string, consequence: string): OutageLog => {
  let downSince: number | undefined;
  let lastWarned = 0;
  let failures = 0;
  return {
    failed: (operation, error) => {
      const now = Date.now();
      failures += 1;
      if (downSince === undefined) downSince = now;
      if (now - lastWarned < REPEAT_WARNING_MS) return;
      lastWarned = now;
      logger.warn(
        { component, operation, err: messageOf(error), failures, down_ms: now - downSince },
        `${component} unavailable: ${consequence}`,
      );
    },
    succeeded: () => {
      if (downSince === undefined) return;
      logger.info({ component, failures, down_ms: Date.now() - downSince }, `${component} recovered`);
      downSince = undefined;
      lastWarned = 0;
      failures = 0;
    },
    isDown: () => downSince !== undefined,
  };
};

/** Rejects when `work` takes longer than `ms`: a hanging store must not hold a person's answer. */
export const withTimeout = <T>(work: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
};
