import type { Update } from 'grammy/types';
import { freePort } from './emulator.js';
import { KB_MINI_ROOT } from './engine.js';
import { startMain } from './main-process.js';

export const WEBHOOK_TEST_SECRET = 'reliability-webhook-secret-0123456789';

export interface WebhookInstanceOptions {
  token: string;
  /** Where the bot's Bot API calls go: a fake Bot API (src/load/fake-bot-api.ts) or the emulator. */
  apiRoot: string;
  sqlitePath: string;
  redisUrl?: string;
  env?: Record<string, string>;
}

/**
 * `src/main.ts` in webhook mode on a free loopback port, with the fixture knowledge base. The test is
 * Telegram: it POSTs updates to the webhook with the secret header, one instance or several.
 */
export const startWebhookInstance = async (options: WebhookInstanceOptions) => {
  const port = await freePort();
  const main = startMain(
    {
      TELEGRAM_BOT_TOKEN: options.token,
      TELEGRAM_API_ROOT: options.apiRoot,
      BOT_MODE: 'webhook',
      WEBHOOK_SECRET: WEBHOOK_TEST_SECRET,
      WEBHOOK_URL: '',
      HOST: '127.0.0.1',
      PORT: String(port),
      WEB_CHAT: 'false',
      SESSION_DB_PATH: options.sqlitePath,
      REDIS_URL: options.redisUrl ?? '',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    KB_MINI_ROOT,
  );
  await main.waitForOutput(/taking webhooks/);
  const url = `http://127.0.0.1:${port}/telegram/webhook`;
  return {
    main,
    url,
    /** Delivers one update as Telegram would; resolves with the HTTP status. */
    deliver: async (update: Update): Promise<number> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': WEBHOOK_TEST_SECRET,
        },
        body: JSON.stringify(update),
      });
      await response.arrayBuffer();
      return response.status;
    },
  };
};

export type WebhookInstance = Awaited<ReturnType<typeof startWebhookInstance>>;
