import { sequentialize } from '@grammyjs/runner';
import { type ApiClientOptions, Bot, type StorageAdapter } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { DiaryService } from '../diary/service.js';
import { type Engine, initialState } from '../engine/index.js';
import type { Logger } from '../logger.js';
import { memoryLedger, type SessionData, type UpdateLedger } from '../sessions/index.js';
import { type RetryOptions, retryTransformer } from './api.js';
import type { BotContext } from './context.js';
import { handleFeatureError, handleUncaughtBotError } from './errors.js';
import { buttonsFeature } from './features/buttons.js';
import { answerEveryCallback } from './features/callback-guard.js';
import { commandsFeature } from './features/commands.js';
import { dropDuplicateUpdates } from './features/dedupe.js';
import type { FeatureDeps } from './features/deps.js';
import { diaryFeature } from './features/diary.js';
import { groupsFeature } from './features/groups.js';
import { mediaFeature } from './features/media.js';
import { type RateLimitOptions, rateLimitFeature } from './features/rate-limit.js';
import { dropMalformedUpdates } from './features/shape-guard.js';
import { textFeature } from './features/text.js';
import { traceUpdates } from './features/trace.js';
import { unhandledFeature } from './features/unhandled.js';
import { senderKey, storedConversation } from './session.js';

export interface BotDeps {
  token: string;
  engine: Engine;
  /** The session store shared with the web chat (SQLite or Redis). */
  storage: StorageAdapter<SessionData>;
  /** Handled updates, shared by every instance (duplicates are dropped); this process's memory by default. */
  updates?: UpdateLedger | undefined;
  /**
   * Long polling: keep each update in the ledger until it is finished, so one cut off by a crash is
   * handled again at the next start (startPolling replays them). Webhooks need not: Telegram redelivers.
   */
  keepUnfinishedUpdates?: boolean | undefined;
  logger: Logger;
  /** Bot API server; Telegram's own by default, a self-hosted one or the test emulator otherwise. */
  apiRoot?: string | undefined;
  rateLimit: RateLimitOptions;
  /** Emergency-number country for new users (a code from knowledge/emergency-numbers.yaml). */
  defaultCountry?: string | undefined;
  logMessageText?: boolean | undefined;
  /** Known bot identity: skips getMe (tests); production calls bot.init() instead. */
  botInfo?: UserFromGetMe | undefined;
  /** Extra grammY client options, e.g. a fake `fetch` in tests. */
  client?: Omit<ApiClientOptions, 'apiRoot'> | undefined;
  /** Bot API retries on network errors (tests shorten the waits). */
  retry?: RetryOptions | undefined;
  /** The cramp diary (/cramp, /diary, /summary, /remind, /mydata); without it those are unknown commands. */
  diary?: DiaryService | undefined;
}

/** Updates of one chat and of one person run in order; different chats run in parallel. */
const sequenceKeys = (ctx: BotContext): string[] => {
  const keys: string[] = [];
  if (ctx.chatId !== undefined) keys.push(`chat:${ctx.chatId}`);
  const sender = senderKey(ctx);
  if (sender !== undefined) keys.push(`sender:${sender}`);
  return keys;
};

/**
 * Builds the bot; nothing happens until the caller starts polling or serves webhooks. Order matters:
 * logging wraps everything, duplicates and malformed updates are dropped before anything talks to
 * Telegram, the callback guard and the error boundary wrap every feature, group chatter is dropped before
 * the rate limiter and the session store see it, and unhandled updates come last.
 */
export const createBot = (deps: BotDeps): Bot<BotContext> => {
  const { engine, logger } = deps;
  const countries = engine.kb.countries;
  const country = deps.defaultCountry ?? null;
  if (country !== null && !countries.byCode.has(country)) {
    throw new Error(`DEFAULT_COUNTRY "${country}" is not in knowledge/emergency-numbers.yaml`);
  }
  const emergencyNumber = countries.byCode.get(country ?? countries.defaultCode)?.number ?? '112';

  const bot = new Bot<BotContext>(deps.token, {
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    // 60 s leaves room for the 30 s long-polling getUpdates; grammY's default (500 s) would let a stuck
    // request hold an update for minutes.
    client: { timeoutSeconds: 60, ...deps.client, ...(deps.apiRoot ? { apiRoot: deps.apiRoot } : {}) },
  });
  bot.api.config.use(retryTransformer(deps.retry));

  const features: FeatureDeps = {
    engine,
    logger,
    logMessageText: deps.logMessageText ?? false,
    answerButton: deps.diary?.logButtonFor,
  };

  bot.use(sequentialize(sequenceKeys));
  bot.use(traceUpdates(logger));
  bot.use(
    dropDuplicateUpdates(deps.updates ?? memoryLedger(), logger, {
      keepUnfinished: deps.keepUnfinishedUpdates ?? false,
    }),
  );
  bot.use(dropMalformedUpdates(logger));
  bot.use(answerEveryCallback(logger));
  const guarded = bot.errorBoundary(handleFeatureError(logger, emergencyNumber));
  guarded.use(groupsFeature());
  guarded.use(rateLimitFeature(engine, deps.rateLimit, logger));
  guarded.use(storedConversation(deps.storage, () => ({ ...initialState(), country }), logger));
  if (deps.diary) guarded.use(diaryFeature({ diary: deps.diary, engine, logger }));
  guarded.use(commandsFeature(features));
  guarded.use(buttonsFeature(features));
  guarded.use(textFeature(features));
  guarded.use(mediaFeature(features));
  guarded.use(unhandledFeature(logger));
  bot.catch(handleUncaughtBotError(logger));
  return bot;
};
