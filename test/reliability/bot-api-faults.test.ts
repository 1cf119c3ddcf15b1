import { MemorySessionStorage } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../../src/load/fake-bot-api.js';
import type { SessionData } from '../../src/sessions/index.js';
import { createBot } from '../../src/telegram/index.js';
import { miniEngine } from '../kit/engine.js';
import { captureLogs } from '../kit/logger.js';
import { BOT_INFO, createUpdates } from '../kit/updates.js';

/**
 * Telegram saying "slow down" (429 with retry_after), failing (5xx, a proxy's HTML error page), or the
 * connection dropping: the bot's real HTTP client against a fake Bot API on 127.0.0.1, so sockets really
 * close. Replies are retried and delivered, not lost, and a Bot API that never recovers does not hold
 * an update for ever.
 */
let api: FakeBotApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const botOn = (fake: FakeBotApi) => {
  const logs = captureLogs();
  const bot = createBot({
    token: '4242:reliability-faults-token',
    engine: miniEngine(),
    storage: new MemorySessionStorage<SessionData>(),
    logger: logs.logger,
    apiRoot: fake.apiRoot,
    botInfo: BOT_INFO,
    rateLimit: { limit: 100, windowMs: 60_000 },
    // Shorter waits between network retries than in production (1 s, 2 s, 4 s): same logic, faster test.
    retry: { networkDelayMs: 50 },
  });
  return { bot, logs };
};

const sentTexts = (fake: FakeBotApi) => fake.callsOf('sendMessage').map((call) => String(call.payload.text));

describe('the Bot API failing', () => {
  it('429 with retry_after, then 500, then a dropped connection, then a proxy error page: the reply still arrives, once', async () => {
    api = await startFakeBotApi();
    api.failNext(
      'sendMessage',
      { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 },
      { status: 500, description: 'Internal Server Error' },
      { drop: true },
      { status: 502, page: '<html><body>502 Bad Gateway</body></html>' },
    );
    const { bot, logs } = botOn(api);
    await bot.handleUpdate(createUpdates().message('why do my calves cramp at night'));

    const attempts = api.callsOf('sendMessage');
    // Four failed attempts of the first message, then it and the rest of the answer went through.
    expect(attempts.slice(0, 5).map((call) => String(call.payload.text).slice(0, 12))).toEqual(
      Array(5).fill('Night cramps'),
    );
    const delivered = sentTexts(api).slice(4);
    expect(delivered[0]).toMatch(/^Night cramps are very common/);
    expect(delivered.filter((text) => text.startsWith('Night cramps'))).toHaveLength(1);
    expect(delivered.some((text) => /not a doctor/.test(text))).toBe(true);
    expect(sentTexts(api).join('\n')).not.toMatch(/something went wrong/);
    expect(logs.lines().find((line) => line.msg === 'update')?.outcome).toBe('answered');
  });

  it('a button press: answerCallbackQuery and the reply both survive a dropped connection', async () => {
    api = await startFakeBotApi();
    api.failNext('answerCallbackQuery', { drop: true });
    api.failNext('sendMessage', { drop: true });
    const { bot } = botOn(api);
    await bot.handleUpdate(createUpdates().callback('i:first_aid'));
    expect(api.count('answerCallbackQuery')).toBe(2);
    expect(sentTexts(api)).toEqual([
      expect.stringMatching(/^Stretch the muscle/),
      expect.stringMatching(/^Stretch the muscle/),
    ]);
  });

  it('a Bot API that keeps dropping connections: bounded retries, logged, and the update is let go', async () => {
    api = await startFakeBotApi();
    api.failNext('sendMessage', ...Array.from({ length: 20 }, () => ({ drop: true as const })));
    const { bot, logs } = botOn(api);
    await bot.handleUpdate(createUpdates().message('why do my calves cramp at night'));
    // The answer: 1 try + 3 retries; then the apology: 1 try + 3 retries. Then it stops.
    expect(api.count('sendMessage')).toBe(8);
    const lines = logs.lines();
    expect(lines.find((line) => line.msg === 'update')?.outcome).toBe('failed');
    expect(lines.some((line) => line.msg === 'apology could not be sent')).toBe(true);
  });
});
