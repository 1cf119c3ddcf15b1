import { setTimeout as sleep } from 'node:timers/promises';
import {
  createConcurrentSink,
  createRunner,
  createSource,
  createUpdateFetcher,
  type RunnerHandle,
} from '@grammyjs/runner';
import { Api, type Bot, GrammyError } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Logger } from '../logger.js';
import type { UpdateLedger } from '../sessions/index.js';
import { createOutageLog, withTimeout } from '../sessions/outage.js';
import type { BotContext } from './context.js';
import { describeError } from './errors.js';
import { ledgerPrefix } from './features/dedupe.js';
import { ALLOWED_UPDATES } from './limits.js';

/** How start-up reaches the Bot API: where, how often, and how long each attempt may take. */
export interface StartupOptions {
  apiRoot: string;
  /** Attempts before giving up (exit 1, so a supervisor restarts the process or alerts). */
  attempts: number;
  /** Time limit of one attempt: a Bot API that accepts the connection and never answers counts as down. */
  timeoutMs: number;
  logger: Logger;
}

/** Start-up could not reach the Bot API, or Telegram refused the token; the message says what to check. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Waits between start-up attempts: 1 s, 2 s, 4 s ... at most 15 s. */
const startupDelayMs = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 15_000);

const reasonOf = (error: unknown): string => {
  const cause = (error as { error?: unknown }).error;
  const detail = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause : cause) : undefined;
  const code = (detail as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
};

/** Telegram answered, and said no to this token: retrying cannot help. */
const refusesToken = (error: unknown): boolean =>
  error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404);

/**
 * One Bot API call at start-up, with a time limit per attempt and a log line per failed attempt naming
 * what to check. grammY's own bot.init() retries a network error for ever without a word, so a wrong
 * TELEGRAM_API_ROOT or a firewall would look like a process that hangs. After the last attempt this
 * throws a StartupError; a refused token throws at once.
 */
export const callAtStartup = async <T>(
  method: string,
  call: (signal: AbortSignal) => Promise<T>,
  options: StartupOptions,
): Promise<T> => {
  const { apiRoot, attempts, timeoutMs, logger } = options;
  let lastReason = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const controller = new AbortController();
    try {
      return await withTimeout(call(controller.signal), timeoutMs, `${method}`);
    } catch (error) {
      controller.abort();
      if (refusesToken(error)) {
        throw new StartupError(
          `Telegram refused the token (${(error as GrammyError).error_code}: ${(error as GrammyError).description}). ` +
            'Check TELEGRAM_BOT_TOKEN: copy it again from @BotFather (/mybots, API Token).',
        );
      }
      lastReason = reasonOf(error);
      const retryInMs = attempt < attempts ? startupDelayMs(attempt) : undefined;
      logger.warn(
        { method, attempt, attempts, api_root: apiRoot, err: lastReason, retry_in_ms: retryInMs },
        'Telegram Bot API unreachable at start-up: check TELEGRAM_API_ROOT and that this machine can reach it (DNS, firewall, proxy)',
      );
      if (retryInMs !== undefined) await sleep(retryInMs);
    }
  }
  throw new StartupError(
    `Could not reach the Telegram Bot API at ${apiRoot} after ${attempts} attempts (last error: ${lastReason}). ` +
      'Check TELEGRAM_API_ROOT (default https://api.telegram.org; unset it unless you run your own Bot API ' +
      'server), and that this machine can reach it: DNS, firewall, an HTTPS proxy (HTTPS_PROXY is not used).',
  );
};

/** grammY types its signal with the abort-controller shim's class; Node's own is what it gets at run time. */
type ApiSignal = Parameters<Api['getMe']>[0];
const apiSignal = (signal: AbortSignal): ApiSignal => signal as unknown as ApiSignal;

/** A Bot API client without the bot's retry transformer: start-up does its own, bounded, retries. */
const startupApi = (bot: Bot<BotContext>, options: StartupOptions): Api =>
  new Api(bot.token, { apiRoot: options.apiRoot, timeoutSeconds: Math.ceil(options.timeoutMs / 1000) + 1 });

/** Who the bot is (getMe), within the start-up limits; the bot then needs no init() call of its own. */
export const identifyBot = async (bot: Bot<BotContext>, options: StartupOptions): Promise<UserFromGetMe> => {
  const api = startupApi(bot, options);
  const me = await callAtStartup('getMe', (signal) => api.getMe(apiSignal(signal)), options);
  bot.botInfo = me;
  return me;
};

/**
 * Handles again the polled updates an earlier process took and never finished (killed mid-update).
 * Telegram will not send them again: the next getUpdates had already confirmed them. Their answers come
 * from the inputs the first attempt noted, so the person gets the answer they would have got.
 */
export const replayUnfinished = async (
  bot: Bot<BotContext>,
  ledger: UpdateLedger,
  logger: Logger,
): Promise<number> => {
  const kept = await ledger.unfinished(ledgerPrefix(bot.botInfo.id)).catch((error: unknown) => {
    logger.warn({ err: describeError(error) }, 'could not list unfinished updates');
    return [];
  });
  if (kept.length === 0) return 0;
  logger.warn({ count: kept.length }, 'handling again the updates a crash cut off');
  for (const { key, update } of kept) {
    let parsed: Update;
    try {
      parsed = JSON.parse(update) as Update;
    } catch {
      continue;
    }
    // Only one process may poll a token, so a claim still held is the dead process's.
    await ledger.release(key).catch(() => undefined);
    await bot.handleUpdate(parsed).catch((error: unknown) => {
      logger.error({ update_id: parsed.update_id, err: describeError(error) }, 'unhandled bot error');
    });
  }
  return kept.length;
};

export interface PollingOptions {
  startup: StartupOptions;
  /** Where updates cut off by a crash were kept (createBot's keepUnfinishedUpdates): handled first. */
  ledger?: UpdateLedger;
  /** getUpdates answered 401: the token was revoked; polling cannot go on and the process should exit 1. */
  onFatal: (error: Error) => void;
  /** First wait after a 409 Conflict; doubles up to a minute. */
  conflictRetryMs?: number;
}

export interface Poller {
  /** Stops fetching, then waits for the updates in flight, at most `graceMs`. Resolves true if all finished. */
  stop(graceMs: number): Promise<boolean>;
}

const MAX_CONFLICT_WAIT_MS = 60_000;

/**
 * Long polling with @grammyjs/runner's parts: updates of different chats are handled concurrently, those
 * of one chat in order (createBot installs `sequentialize`). Three things `run()` does not do:
 *
 * - It watches the runner's task. A 409 Conflict from getUpdates (another process polls with this token,
 *   or a webhook is set) ends the runner; here it is logged and polling resumes after a wait, deleting a
 *   webhook if that was the cause. A 401 (token revoked) calls `onFatal`. Other failures restart it.
 * - It tracks the updates in flight, so `stop()` can wait for them: the runner's own stop() returns once
 *   fetching stops, while handlers may still be between storing the state and sending the reply.
 * - getUpdates failures the runner retries by itself (network errors) are logged as an outage, once.
 */
export const startPolling = async (
  bot: Bot<BotContext>,
  logger: Logger,
  options: PollingOptions,
): Promise<Poller> => {
  const { startup } = options;
  const api = startupApi(bot, startup);
  if (!bot.isInited()) await identifyBot(bot, startup);
  // Telegram refuses getUpdates while a webhook is set (left over from webhook mode).
  const deleteWebhook = () =>
    callAtStartup(
      'deleteWebhook',
      (signal) => api.deleteWebhook({ drop_pending_updates: false }, apiSignal(signal)),
      startup,
    );
  await deleteWebhook();

  const firstConflictWait = options.conflictRetryMs ?? 2000;
  let conflictWait = firstConflictWait;
  const outage = createOutageLog(logger, 'Bot API getUpdates', 'long polling paused, retrying');
  bot.api.config.use(async (call, method, payload, signal) => {
    if (method !== 'getUpdates') return call(method, payload, signal);
    try {
      const result = await call(method, payload, signal);
      if (result.ok) {
        outage.succeeded();
        conflictWait = firstConflictWait;
      } else if (result.error_code !== 409 && result.error_code !== 401) {
        outage.failed('getUpdates', `${result.error_code}: ${result.description}`);
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) outage.failed('getUpdates', error);
      throw error;
    }
  });

  const inFlight = new Set<Promise<void>>();
  const consumer = {
    consume: (update: Update): Promise<void> => {
      const handling = bot.handleUpdate(update);
      inFlight.add(handling);
      const done = () => inFlight.delete(handling);
      handling.then(done, done);
      return handling;
    },
  };

  let runner: RunnerHandle | undefined;
  let stopped = false;
  let restart: NodeJS.Timeout | undefined;

  const relaunch = (waitMs: number, beforehand?: () => Promise<unknown>) => {
    restart = setTimeout(() => {
      restart = undefined;
      if (stopped) return;
      Promise.resolve(beforehand?.())
        .catch((error: unknown) => logger.warn({ err: describeError(error) }, 'deleteWebhook failed'))
        .then(() => {
          if (!stopped) launch();
        });
    }, waitMs);
  };

  const onRunnerFailed = (error: unknown) => {
    if (stopped) return;
    const code = error instanceof GrammyError ? error.error_code : undefined;
    if (code === 401) {
      logger.error(
        { err: describeError(error) },
        'getUpdates answered 401 Unauthorized: the token was revoked or replaced; check TELEGRAM_BOT_TOKEN',
      );
      stopped = true;
      options.onFatal(error as Error);
      return;
    }
    if (code === 409) {
      const webhookSet = /webhook/i.test((error as GrammyError).description);
      logger.warn(
        { err: (error as GrammyError).description, retry_in_ms: conflictWait },
        webhookSet
          ? 'getUpdates answered 409 Conflict: a webhook is set; deleting it and polling again'
          : 'getUpdates answered 409 Conflict: another instance is polling with this token (only one may); retrying',
      );
      relaunch(conflictWait, webhookSet ? deleteWebhook : undefined);
      conflictWait = Math.min(conflictWait * 2, MAX_CONFLICT_WAIT_MS);
      return;
    }
    logger.error({ err: describeError(error) }, 'long polling stopped; restarting it in 5 s');
    relaunch(5000);
  };

  const launch = () => {
    const fetchUpdates = createUpdateFetcher(bot, {
      fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 },
      retryInterval: 'exponential',
      // Logged above as an outage instead of a console line per failed call.
      silent: true,
    });
    const source = createSource({ supply: fetchUpdates });
    const sink = createConcurrentSink(consumer, async (error) => {
      try {
        await bot.errorHandler(error as never);
      } catch (uncaught) {
        logger.error({ err: describeError(uncaught) }, 'unhandled bot error');
      }
    });
    const handle = createRunner(source, sink);
    runner = handle;
    handle.start();
    handle.task()?.catch(onRunnerFailed);
  };

  if (options.ledger) await replayUnfinished(bot, options.ledger, logger);
  launch();
  logger.info({ username: bot.botInfo.username, mode: 'polling' }, 'bot started');

  return {
    stop: async (graceMs) => {
      stopped = true;
      clearTimeout(restart);
      await runner?.stop()?.catch(() => undefined);
      if (inFlight.size === 0) return true;
      const waiting = inFlight.size;
      const finished = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => true),
        sleep(graceMs, false, { ref: false }),
      ]);
      if (!finished)
        logger.warn(
          { in_flight: inFlight.size, of: waiting, waited_ms: graceMs },
          'updates still in flight at shutdown',
        );
      return finished;
    },
  };
};

/** Points Telegram at this instance's webhook URL, with the secret it must send back on every call. */
export const setWebhook = async (
  bot: Bot<BotContext>,
  url: string,
  secret: string,
  logger: Logger,
  startup?: StartupOptions,
): Promise<void> => {
  const options = { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] };
  if (startup) {
    const api = startupApi(bot, startup);
    await callAtStartup('setWebhook', (signal) => api.setWebhook(url, options, apiSignal(signal)), startup);
  } else {
    await bot.api.setWebhook(url, options);
  }
  logger.info({ username: bot.botInfo.username, mode: 'webhook', url }, 'webhook set');
};
