/** The Telegram channel: a thin grammY adapter over the engine. Importing it starts nothing. */
export { BOT_COMMANDS, BOT_COMMANDS_BY_LANGUAGE, registerCommands } from './api.js';
export { type BotDeps, createBot } from './bot.js';
export type { BotContext } from './context.js';
export { UpdateInProgressElsewhere } from './features/dedupe.js';
export { telegramReminderSender } from './features/diary.js';
export {
  callAtStartup,
  identifyBot,
  type Poller,
  type PollingOptions,
  StartupError,
  type StartupOptions,
  setWebhook,
  startPolling,
} from './launch.js';
export { sessionKey } from './session.js';
export { createWebhookHandler, WEBHOOK_PATH, type WebhookHandler } from './webhook.js';
