import { type RunnerHandle, run } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';
import { ALLOWED_UPDATES } from './limits.js';

/**
 * Long polling with @grammyjs/runner: updates of different chats are handled concurrently, those of one
 * chat in order (createBot installs `sequentialize`). A webhook left over from webhook mode is removed
 * first, because Telegram refuses getUpdates while one is set. `handle.stop()` stops fetching and
 * resolves once the updates in flight are done.
 */
export const startPolling = async (bot: Bot<BotContext>, logger: Logger): Promise<RunnerHandle> => {
  await bot.init();
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  const handle = run(bot, {
    runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 }, retryInterval: 'exponential' },
  });
  logger.info({ username: bot.botInfo.username, mode: 'polling' }, 'bot started');
  return handle;
};

/** Points Telegram at this instance's webhook URL, with the secret it must send back on every call. */
export const setWebhook = async (
  bot: Bot<BotContext>,
  url: string,
  secret: string,
  logger: Logger,
): Promise<void> => {
  await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  logger.info({ username: bot.botInfo.username, mode: 'webhook', url }, 'webhook set');
};
