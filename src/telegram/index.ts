/** The Telegram channel: a thin grammY adapter over the engine. Importing it starts nothing. */
export { BOT_COMMANDS, registerCommands } from './api.js';
export { type BotDeps, createBot } from './bot.js';
export type { BotContext } from './context.js';
export { UpdateInProgressElsewhere } from './features/dedupe.js';
export { telegramReminderSender } from './features/diary.js';
export { setWebhook, startPolling } from './launch.js';
export { sessionKey } from './session.js';
export { createWebhookHandler, WEBHOOK_PATH, type WebhookHandler } from './webhook.js';
