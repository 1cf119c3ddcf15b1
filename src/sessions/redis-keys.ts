/**
 * Every key this app writes to Redis starts with this, so a shared Redis stays tidy. Kept apart from
 * redis.ts so naming a key never loads ioredis (a process without Redis never does).
 */
export const REDIS_SESSION_PREFIX = 'crampbot:session:';
export const REDIS_UPDATE_PREFIX = 'crampbot:update:';
/** Polled updates being handled (see UpdateLedger.keep). */
export const REDIS_UNFINISHED_PREFIX = 'crampbot:unfinished:';
