import type { Logger } from '../logger.js';
import { createOutageLog, withTimeout } from './outage.js';

/**
 * Which Telegram updates have been handled, so the same update delivered twice (a webhook retried after a
 * timeout, or sent to two instances behind a load balancer) is answered once.
 *
 * - `claimed`: nobody has it; this instance handles it now.
 * - `done`: handled before; a duplicate to drop.
 * - `in_progress`: another instance (or an earlier delivery) is handling it right now. The webhook answers
 *   503 so Telegram delivers it again later, when it is either done or its claim has expired (the instance
 *   holding it died), and then it is handled.
 */
export type Claim = 'claimed' | 'done' | 'in_progress';

export interface UpdateLedger {
  claim(key: string): Promise<Claim>;
  /** The update was handled (answered, or failed with an apology): later deliveries are duplicates. */
  finish(key: string): Promise<void>;
  /** Handling broke off before anyone was answered: a redelivery must be handled again. */
  release(key: string): Promise<void>;
  /**
   * Long polling only: keeps the update itself until it is finished. Telegram never sends a polled update
   * again once a later getUpdates confirmed it, so one cut off by a crash is handled again from here at
   * the next start (see replayUnfinished). Kept as long as a handled update is remembered.
   */
  keep(key: string, update: string): Promise<void>;
  /** The kept updates that never finished, whose keys start with `prefix` (this bot's id). */
  unfinished(prefix: string): Promise<UnfinishedUpdate[]>;
}

export interface UnfinishedUpdate {
  key: string;
  /** The update as JSON. */
  update: string;
}

/** Longer than an update takes, including Bot API retries; a claim of a crashed instance expires after it. */
export const PROCESSING_TTL_MS = 120_000;
/**
 * How long a handled update is remembered. A duplicate comes when Telegram missed the 200 (it retries
 * within minutes) or a poller restarted before confirming (at once); an hour covers both, and keeps the
 * ledger small: one key per update, about 100 bytes, so some 100,000 keys at 30 updates a second.
 */
export const DONE_TTL_MS = 60 * 60 * 1000;
/** Bounds the in-memory ledger (about 100 bytes each) when updates arrive faster than they expire. */
const MEMORY_LEDGER_LIMIT = 200_000;

/** One process's ledger: enough for one instance, and the fallback while Redis is down. */
export const memoryLedger = (now: () => number = Date.now): UpdateLedger => {
  const entries = new Map<string, { state: 'processing' | 'done'; expiresAt: number }>();
  const kept = new Map<string, { update: string; expiresAt: number }>();
  const sweep = () => {
    const time = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= time) entries.delete(key);
    for (const [key, entry] of kept) if (entry.expiresAt <= time) kept.delete(key);
    // Still full of live entries: forget the oldest (Map keeps insertion order).
    for (const key of entries.keys()) {
      if (entries.size < MEMORY_LEDGER_LIMIT) break;
      entries.delete(key);
    }
  };
  return {
    claim: async (key) => {
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now()) return entry.state === 'done' ? 'done' : 'in_progress';
      if (entries.size >= MEMORY_LEDGER_LIMIT) sweep();
      entries.delete(key);
      entries.set(key, { state: 'processing', expiresAt: now() + PROCESSING_TTL_MS });
      return 'claimed';
    },
    finish: async (key) => {
      entries.delete(key);
      kept.delete(key);
      entries.set(key, { state: 'done', expiresAt: now() + DONE_TTL_MS });
    },
    release: async (key) => {
      entries.delete(key);
    },
    keep: async (key, update) => {
      kept.set(key, { update, expiresAt: now() + DONE_TTL_MS });
    },
    unfinished: async (prefix) =>
      [...kept]
        .filter(([key, entry]) => key.startsWith(prefix) && entry.expiresAt > now())
        .map(([key, entry]) => ({ key, update: entry.update })),
  };
};

/** Time allowed for one ledger call before falling back; a duplicate answer beats a late one. */
const LEDGER_TIMEOUT_MS = 1000;

/**
 * A shared ledger (Redis) that falls back to this process's memory while it is unreachable: duplicates
 * across instances may then be answered twice, which is better than not answering at all.
 */
export const withFallbackLedger = (shared: UpdateLedger, logger: Logger): UpdateLedger => {
  const local = memoryLedger();
  const outage = createOutageLog(logger, 'update ledger', 'checking duplicate updates in this instance only');
  /** Runs `call` on the shared ledger, or on this process's own when the shared one fails. */
  const attempt = async <T>(operation: string, call: (ledger: UpdateLedger) => Promise<T>): Promise<T> => {
    try {
      const result = await withTimeout(call(shared), LEDGER_TIMEOUT_MS, `update ledger ${operation}`);
      outage.succeeded();
      return result;
    } catch (error) {
      outage.failed(operation, error);
      return call(local);
    }
  };
  return {
    claim: (key) => attempt('claim', (ledger) => ledger.claim(key)),
    finish: (key) => attempt('finish', (ledger) => ledger.finish(key)),
    release: (key) => attempt('release', (ledger) => ledger.release(key)),
    keep: (key, update) => attempt('keep', (ledger) => ledger.keep(key, update)),
    unfinished: (prefix) => attempt('unfinished', (ledger) => ledger.unfinished(prefix)),
  };
};
