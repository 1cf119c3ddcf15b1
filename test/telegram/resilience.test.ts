import { describe, expect, it } from 'vitest';
import type { SessionData } from '../../src/sessions/index.js';
import { registerCommands } from '../../src/telegram/index.js';
import { createTestBot } from '../kit/test-bot.js';
import { createUpdates, person } from '../kit/updates.js';

describe('rate limits', () => {
  it('the first message over the limit gets a polite note; the rest of the flood is dropped', async () => {
    const { telegram, send, logs } = createTestBot({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const updates = createUpdates();
    for (let i = 0; i < 5; i += 1) await send(updates.message('why do my calves cramp at night'));
    const texts = telegram.sentTexts();
    expect(texts.filter((text) => text.startsWith('Night cramps'))).toHaveLength(2);
    expect(texts.filter((text) => /sending messages very quickly/.test(text))).toHaveLength(1);
    const outcomes = logs
      .lines()
      .filter((line) => line.msg === 'update')
      .map((line) => line.outcome);
    expect(outcomes).toEqual(['answered', 'answered', 'rate_limited', 'rate_limited', 'rate_limited']);
  });

  it('counts each person separately', async () => {
    const { telegram, send } = createTestBot({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const updates = createUpdates();
    await send(updates.message('night cramps', { from: person(1) }));
    await send(updates.message('night cramps', { from: person(2) }));
    expect(telegram.sentTexts().filter((text) => text.startsWith('Night cramps'))).toHaveLength(2);
  });

  it('a rate-limited button press is still answered (no spinning button)', async () => {
    const { telegram, send } = createTestBot({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const updates = createUpdates();
    await send(updates.message('night cramps'));
    await send(updates.callback('i:first_aid'));
    await send(updates.callback('i:first_aid'));
    const answers = telegram.callsOf('answerCallbackQuery');
    expect(answers).toHaveLength(2);
    expect(answers[0]?.payload.text).toMatch(/very quickly/);
    expect(telegram.sentTexts().some((text) => text.startsWith('Stretch the muscle'))).toBe(false);
  });
});

describe('errors', () => {
  it('a failing sendMessage gets an apology, and the bot carries on with the next update', async () => {
    const { telegram, send, logs } = createTestBot();
    const updates = createUpdates();
    telegram.failNext('sendMessage', { error_code: 400, description: 'Bad Request: something odd' });
    await send(updates.message('why do my calves cramp at night'));
    expect(telegram.sentTexts().at(-1)).toMatch(/something went wrong on my side/);
    expect(logs.lines().some((line) => line.msg === 'update failed')).toBe(true);

    telegram.clear();
    await send(updates.message('why do my calves cramp at night'));
    expect(telegram.sentTexts()[0]).toMatch(/^Night cramps/);
  });

  it('a blocked user (403 everywhere) is logged, not thrown', async () => {
    const { telegram, send, logs } = createTestBot();
    telegram.failAlways('sendMessage', {
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    await expect(send(createUpdates().message('night cramps'))).resolves.toBeUndefined();
    expect(logs.lines().some((line) => line.msg === 'apology could not be sent')).toBe(true);
  });

  it('a failing session store gets an apology instead of silence', async () => {
    const broken = {
      read: async (): Promise<SessionData | undefined> => {
        throw new Error('disk on fire');
      },
      write: async () => {},
      delete: async () => {},
    };
    const { telegram, send } = createTestBot({ storage: broken });
    await send(createUpdates().message('night cramps'));
    expect(telegram.sentTexts()).toEqual([expect.stringMatching(/something went wrong.*call 112/)]);
  });

  it('a failed callback answer ("query is too old") does not stop the reply', async () => {
    const { telegram, send } = createTestBot();
    telegram.failNext('answerCallbackQuery', {
      error_code: 400,
      description: 'Bad Request: query is too old',
    });
    await send(createUpdates().callback('i:first_aid'));
    expect(telegram.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(telegram.sentTexts()[0]).toMatch(/^Stretch the muscle/);
  });

  it('typing indicator failures are ignored and not retried', async () => {
    const { telegram, send } = createTestBot();
    telegram.failAlways('sendChatAction', { error_code: 500, description: 'Internal Server Error' });
    await send(createUpdates().message('night cramps'));
    expect(telegram.callsOf('sendChatAction')).toHaveLength(1);
    expect(telegram.sentTexts()[0]).toMatch(/^Night cramps/);
  });

  it('auto-retry waits out a 429 and delivers the message', async () => {
    const { telegram, send } = createTestBot();
    telegram.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 0',
      retry_after: 0,
    });
    await send(createUpdates().message('night cramps'));
    expect(telegram.sentTexts()[0]).toMatch(/^Night cramps/);
    expect(telegram.sentTexts()[1]).toMatch(/^Night cramps/);
    expect(telegram.sentTexts().join('\n')).not.toMatch(/something went wrong/);
  });

  it('setMyCommands failing is logged and reported, not thrown', async () => {
    const { bot, telegram, logs } = createTestBot();
    expect(await registerCommands(bot.api, logs.logger)).toBe(true);
    // The engine's 8 commands and the diary's 5 (/cramp, /diary, /summary, /remind, /mydata).
    expect(telegram.callsOf('setMyCommands')[0]?.payload.commands).toHaveLength(13);
    telegram.failNext('setMyCommands', { error_code: 404, description: 'Not Found: method not found' });
    expect(await registerCommands(bot.api, logs.logger)).toBe(false);
  });
});

describe('privacy in logs', () => {
  it('logs one line per update with id, type, timing and outcome, but no message text or user id', async () => {
    const { send, logs } = createTestBot();
    const updates = createUpdates();
    const from = person(987_654_321);
    await send(updates.message('my secret question about night cramps', { from }));
    await send(updates.callback('c:GB', { from }));
    const raw = logs.raw();
    expect(raw).not.toMatch(/secret question/);
    expect(raw).not.toMatch(/\b987654321\b/);
    const lines = logs.lines().filter((line) => line.msg === 'update');
    expect(lines[0]).toMatchObject({
      type: 'message',
      chat_type: 'private',
      outcome: 'answered',
      intent: 'night_cramps',
    });
    expect(typeof lines[0]?.ms).toBe('number');
    expect(lines[1]).toMatchObject({ type: 'callback_query', outcome: 'answered' });
  });

  it('logs the question only when LOG_MESSAGE_TEXT is on', async () => {
    const { send, logs } = createTestBot({ logMessageText: true });
    await send(createUpdates().message('my secret question about night cramps'));
    expect(logs.raw()).toMatch(/secret question/);
  });
});
