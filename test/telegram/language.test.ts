import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine/index.js';
import { registerCommands } from '../../src/telegram/index.js';
import { createTestBot } from '../kit/test-bot.js';
import { createUpdates, person } from '../kit/updates.js';

const engine = loadEngine();
const russianUser = { ...person(2001, 'Саша'), language_code: 'ru' };

describe('Russian on Telegram', () => {
  it('registers the command menu in English for everyone and in Russian for Russian Telegram', async () => {
    const { bot, telegram, logs } = createTestBot();
    expect(await registerCommands(bot.api, logs.logger)).toBe(true);
    const [general, russian] = telegram.callsOf('setMyCommands');
    expect(general?.payload.language_code).toBeUndefined();
    expect(general?.payload.commands).toContainEqual({ command: 'language', description: 'Language / Язык' });
    expect(russian?.payload.language_code).toBe('ru');
    expect(russian?.payload.commands).toContainEqual({ command: 'topics', description: 'Все темы' });
  });

  it('greets a person whose Telegram is in Russian in Russian (language_code is the default)', async () => {
    const { telegram, send } = createTestBot({ engine });
    await send(createUpdates().command('start', { from: russianUser }));
    expect(telegram.sentTexts()[0]).toMatch(/^Здравствуйте, я crampbot/);
  });

  it('still answers their English message in English: the default never overrides the message', async () => {
    const { telegram, send } = createTestBot({ engine });
    await send(createUpdates().message('why do my calves cramp at night', { from: russianUser }));
    expect(telegram.sentTexts()[0]).toMatch(/^Night cramps are very common/);
  });

  it('/language switches the language of commands', async () => {
    const { telegram, send } = createTestBot({ engine });
    const updates = createUpdates();
    await send(updates.command('language'));
    await send(updates.callback('l:ru'));
    await send(updates.command('help'));
    expect(telegram.sentTexts().at(-1)).toMatch(/Просто напишите вопрос/);
  });

  it('tells a Russian Telegram user in Russian that it reads only text', async () => {
    const { telegram, send } = createTestBot({ engine });
    await send(createUpdates().media('sticker', { from: russianUser }));
    expect(telegram.sentTexts()[0]).toMatch(/понимаю только текст/);
  });
});
