/**
 * `npm start`: one process, one HTTP server. With TELEGRAM_BOT_TOKEN it runs the Telegram bot (long
 * polling or webhooks, per BOT_MODE); without one it explains how to get a token and starts the local
 * chats (the web chat, and the terminal chat when run in a terminal). SIGINT/SIGTERM shut it down
 * gracefully: no new updates, the ones in flight finish, sessions are flushed, exit 0.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Bot } from 'grammy';
import { runTerminalChat } from './cli/terminal-chat.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { type DiaryRuntime, openDiary } from './diary/runtime.js';
import { type Engine, KnowledgeError, loadEngine } from './engine/index.js';
import { EnvFileError, loadEnvFile } from './env-file.js';
import { createLogger, type Logger } from './logger.js';
import { createSessionStore, type SessionStore } from './sessions/index.js';
// Types only: the Telegram modules (grammY and its plugins, tens of MB and about half a second) are
// imported when there is a token, so the local chat alone never loads them.
import type { BotContext, Poller, StartupOptions, WebhookHandler } from './telegram/index.js';

type TelegramModule = typeof import('./telegram/index.js');

import { startWebChat, type WebChat } from './web/index.js';

/** After a shutdown signal, give in-flight work this long before exiting anyway. */
const SHUTDOWN_GRACE_MS = 10_000;
/** Of that, how long polling waits for the updates in flight before the stores close under them. */
const POLLING_DRAIN_MS = 7_000;

const print = (line: string) => process.stdout.write(`${line}\n`);
const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

const TOKEN_HELP = `No TELEGRAM_BOT_TOKEN set, so the Telegram bot is not running.
To run it: open Telegram, talk to @BotFather, send /newbot, choose a name and a username ending in "bot",
and copy the token it gives you (it looks like 123456789:AA...). Then start with
  TELEGRAM_BOT_TOKEN=<your token> npm start
(docs/telegram.md has the details: polling or webhooks, several instances with Redis.)`;

interface Running {
  config: Config;
  logger: Logger;
  sessions: SessionStore;
  /** The cramp diary and its bedtime reminders (src/diary/). */
  diary: DiaryRuntime;
  server: Server;
  listening: boolean;
  webChat?: WebChat;
  /** The Telegram modules, once a token made main import them. */
  telegram?: TelegramModule;
  runner?: Poller;
  webhook?: WebhookHandler;
  /** Shuts down and exits with `exitCode` (set once main has installed it). */
  stop?: (reason: string, exitCode?: number) => void;
  closeRateLimitRedis?: () => Promise<void>;
}

/** Redis errors repeat on every reconnect attempt during an outage: log the first of each kind per minute. */
const redisErrorLogger = (logger: Logger, client: string) => {
  const lastLogged = new Map<string, number>();
  return (error: Error) => {
    const now = Date.now();
    if (now - (lastLogged.get(error.message) ?? 0) < 60_000) return;
    lastLogged.set(error.message, now);
    logger.warn({ client, err: error.message }, 'Redis connection error');
  };
};

const startupConfig = (): Config => {
  try {
    loadEnvFile();
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof EnvFileError) return fail(error.message);
    throw error;
  }
};

const startupEngine = (config: Config): Engine => {
  try {
    return loadEngine(undefined, {
      defaultCountry: config.DEFAULT_COUNTRY,
      ...(config.MATCH_THRESHOLD === undefined ? {} : { threshold: config.MATCH_THRESHOLD }),
    });
  } catch (error) {
    if (error instanceof KnowledgeError) return fail(`Knowledge base error: ${error.message}`);
    throw error;
  }
};

/** The process's only HTTP server: the Telegram webhook first, then the web chat, otherwise 404. */
const routeRequests = (app: Running) => (req: IncomingMessage, res: ServerResponse) => {
  const path = (req.url ?? '/').split('?')[0];
  if (app.webhook && path === app.telegram?.WEBHOOK_PATH) {
    app.webhook(req, res).catch((error: unknown) => {
      app.logger.error({ err: String(error) }, 'webhook handler failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
    return;
  }
  if (app.webChat?.handle(req, res)) return;
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
};

const listen = (server: Server, host: string, port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

/**
 * Builds the bot before the server listens, so a webhook call that arrives the moment the port opens
 * (Telegram retries pending updates after a restart) already finds its handler.
 */
const prepareTelegram = async (app: Running, engine: Engine, token: string): Promise<Bot<BotContext>> => {
  const { config, logger } = app;
  const telegram = await import('./telegram/index.js');
  app.telegram = telegram;
  const { createBot, createWebhookHandler, identifyBot, registerCommands, StartupError } = telegram;
  let rateLimitRedis: Awaited<ReturnType<typeof import('./sessions/redis.js')['connectRedis']>> | undefined;
  if (config.REDIS_URL) {
    const { connectRedis } = await import('./sessions/redis.js');
    rateLimitRedis = await connectRedis(config.REDIS_URL, 'ratelimit', redisErrorLogger(logger, 'ratelimit'));
    const client = rateLimitRedis;
    app.closeRateLimitRedis = async () => {
      await client.quit().catch(() => client.disconnect());
    };
  }
  const bot = createBot({
    token,
    engine,
    storage: app.sessions.adapter,
    updates: app.sessions.updates,
    logger,
    apiRoot: config.TELEGRAM_API_ROOT,
    rateLimit: {
      limit: config.RATE_LIMIT_MESSAGES,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      redis: rateLimitRedis,
    },
    defaultCountry: config.DEFAULT_COUNTRY,
    logMessageText: config.LOG_MESSAGE_TEXT,
    keepUnfinishedUpdates: config.BOT_MODE === 'polling',
    diary: app.diary.service,
  });
  try {
    await identifyBot(bot, startupOptions(app));
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
  await registerCommands(bot.api, logger);
  // loadConfig guarantees the secret in webhook mode.
  if (config.BOT_MODE === 'webhook')
    app.webhook = createWebhookHandler(bot, config.WEBHOOK_SECRET as string, logger);
  return bot;
};

/** Start-up calls to the Bot API: a time limit per attempt, a log line per failure, then exit 1. */
const startupOptions = ({ config, logger }: Running): StartupOptions => ({
  apiRoot: config.TELEGRAM_API_ROOT,
  attempts: config.TELEGRAM_STARTUP_ATTEMPTS,
  timeoutMs: config.TELEGRAM_STARTUP_TIMEOUT_MS,
  logger,
});

/** Starts taking updates: long polling, or registering the webhook now that the server listens. */
const launchTelegram = async (
  app: Running,
  bot: Bot<BotContext>,
  { setWebhook, startPolling, telegramReminderSender, WEBHOOK_PATH }: TelegramModule,
): Promise<void> => {
  const { config, logger } = app;
  await app.diary.startReminders(telegramReminderSender(bot.api, app.diary.service.texts));
  if (config.BOT_MODE === 'polling') {
    app.runner = await startPolling(bot, logger, {
      startup: startupOptions(app),
      ledger: app.sessions.updates,
      // A revoked token: exit 1 so a supervisor restarts the process or alerts, never a silent exit 0.
      onFatal: () => app.stop?.('the Bot API refused the token', 1),
    });
    print(`Telegram bot @${bot.botInfo.username} is running (long polling).`);
    return;
  }
  if (config.WEBHOOK_URL) {
    const url = new URL(config.WEBHOOK_URL);
    if (url.pathname === '/' || url.pathname === '') url.pathname = WEBHOOK_PATH;
    await setWebhook(bot, url.toString(), config.WEBHOOK_SECRET as string, logger, startupOptions(app));
  } else {
    logger.warn(
      'WEBHOOK_URL is not set: not calling setWebhook, assuming the webhook is registered elsewhere',
    );
  }
  print(
    `Telegram bot @${bot.botInfo.username} is taking webhooks on http://${config.HOST}:${config.PORT}${WEBHOOK_PATH}`,
  );
};

/** Stops taking work, lets what is in flight finish, then closes everything in dependency order. */
const shutdown = async (app: Running): Promise<void> => {
  // Fetching stops first; then the updates in flight get to send their replies before the stores close.
  await app.runner?.stop(POLLING_DRAIN_MS);
  await app.webhook?.drain();
  if (app.listening) {
    const closed = new Promise<void>((resolve) => app.server.close(() => resolve()));
    app.server.closeIdleConnections();
    await app.webChat?.close();
    await closed;
  } else {
    await app.webChat?.close();
  }
  await app.closeRateLimitRedis?.();
  await app.diary.close();
  await app.sessions.close();
};

const startTerminalChat = (engine: Engine): Promise<void> => {
  print(TOKEN_HELP);
  print('\nTerminal chat: type a question, a number to press a button, /help, or /quit.');
  return runTerminalChat(engine);
};

const main = async (): Promise<void> => {
  const config = startupConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const engine = startupEngine(config);
  const token = config.TELEGRAM_BOT_TOKEN;
  // Without a token, a person at the terminal gets the chat as soon as the engine is ready: the stores
  // and the web chat (Botkit, about a second) come up behind it, while they can already type.
  const terminalChat = !token && process.stdin.isTTY ? startTerminalChat(engine) : undefined;
  // Each start-up step below blocks for tens of milliseconds; between them, a line typed at the terminal
  // is answered first rather than after the whole web chat is up.
  const letTerminalIn = (): Promise<void> =>
    terminalChat ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve();
  await letTerminalIn();
  let sessions: SessionStore;
  try {
    sessions = await createSessionStore({
      sqlitePath: config.SESSION_DB_PATH,
      redisUrl: config.REDIS_URL,
      onRedisError: redisErrorLogger(logger, 'sessions'),
      logger,
      sessionTtlMs: config.SESSION_TTL_DAYS * 24 * 60 * 60 * 1000,
    });
  } catch (error) {
    return fail(`Session store: ${(error as Error).message}`);
  }
  await letTerminalIn();
  let diary: DiaryRuntime;
  try {
    diary = await openDiary({ sqlitePath: config.SESSION_DB_PATH, redisUrl: config.REDIS_URL, logger });
  } catch (error) {
    return fail(`Diary: ${(error as Error).message}`);
  }
  const server = createServer();
  const app: Running = { config, logger, sessions, diary, server, listening: false };
  server.on('request', routeRequests(app));

  let stopping = false;
  const stop = (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    shutdown(app).then(
      () => process.exit(exitCode),
      (error: unknown) => {
        logger.error({ err: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  app.stop = stop;
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // bot.catch covers updates; anything else that slips through is logged rather than killing every chat.
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: String(reason) }, 'unhandled promise rejection'),
  );

  const bot = token ? await prepareTelegram(app, engine, token) : undefined;
  const needsServer = config.WEB_CHAT || app.webhook !== undefined;
  await letTerminalIn();
  if (config.WEB_CHAT)
    app.webChat = await startWebChat({
      config,
      engine,
      storage: sessions.adapter,
      logger,
      server,
      diary: diary.service,
      // Answered at once; Botkit (about a second of loading) comes in once the first second is over.
      botkit: 'background',
    });
  if (needsServer) {
    try {
      await listen(server, config.HOST, config.PORT);
    } catch (error) {
      return fail(`Cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}`);
    }
    app.listening = true;
  }
  // The address comes last, after the token help, so it is the line a person sees and clicks.
  if (!bot && !terminalChat) print(TOKEN_HELP);
  if (config.WEB_CHAT) print(`Web chat: http://${config.HOST}:${config.PORT}`);

  if (bot) {
    try {
      await launchTelegram(app, bot, app.telegram as TelegramModule);
    } catch (error) {
      if (!(app.telegram && error instanceof app.telegram.StartupError)) throw error;
      process.stderr.write(`${error.message}\n`);
      stop('start-up failed', 1);
    }
    return;
  }
  if (terminalChat) {
    await terminalChat;
    stop('terminal chat ended');
    return;
  }
  if (!config.WEB_CHAT) {
    print('Nothing to run: set TELEGRAM_BOT_TOKEN, set WEB_CHAT=true, or run in a terminal.');
    stop('nothing to run');
  }
};

main().catch((error: unknown) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
});
