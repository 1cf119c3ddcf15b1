import { MemorySessionStorage } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine/index.js';
import type { SessionData } from '../../src/sessions/index.js';
import { createBot, type Poller, startPolling } from '../../src/telegram/index.js';
import { buttonsOf, startEmulator } from '../kit/emulator.js';
import { captureLogs } from '../kit/logger.js';

/**
 * A Russian conversation with the real knowledge base, against the Bot API emulator: a question, a
 * follow-up button, its options, then an emergency that names 103 and 112 before anything else.
 */
describe('a Russian conversation on Telegram (telegram-test-api, long polling)', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let runner: Poller | undefined;
  const token = 'e2e-russian-token';

  beforeAll(async () => {
    emulator = await startEmulator();
    const logs = captureLogs();
    const bot = createBot({
      token,
      engine: loadEngine(),
      storage: new MemorySessionStorage<SessionData>(),
      logger: logs.logger,
      apiRoot: emulator.apiRoot,
      rateLimit: { limit: 100, windowMs: 60_000 },
    });
    runner = await startPolling(bot, logs.logger, {
      startup: { apiRoot: emulator.apiRoot, attempts: 3, timeoutMs: 5000, logger: logs.logger },
      onFatal: (error) => {
        throw error;
      },
    });
  });

  afterAll(async () => {
    await runner?.stop(5000);
    await emulator?.stop();
  });

  it('answers in Russian, follows the buttons, and raises a Russian alarm with 103 and 112', async () => {
    const user = emulator.user(token, 701);
    await user.say('почему ночью сводит икры?');
    const first = await user.waitFor(0, (messages) => messages.some((m) => /не врач/.test(m.text)));
    expect(first[0]?.text).toMatch(/^Ночные судороги очень распространены/);
    expect(buttonsOf(first[0])).toContain('q:night_cramps.swelling');

    let seen = user.received.length;
    await user.press('q:night_cramps.swelling');
    const [question] = await user.waitFor(seen, (messages) => messages.length >= 1);
    expect(question?.text).toBe('Есть отёк или покраснение одной икры?');
    expect(question?.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toEqual([
      'Да, одна икра отёкшая или красная',
      'Нет, выглядит обычно',
    ]);

    seen = user.received.length;
    await user.press('f:dvt');
    const [urgent] = await user.waitFor(seen, (messages) => messages.length >= 1);
    expect(urgent?.text).toMatch(/^⚠️ Нужен врач сегодня/);
    expect(urgent?.text).toMatch(/тромб/);

    seen = user.received.length;
    await user.say('сильная боль в груди и не могу дышать');
    const [emergency] = await user.waitFor(seen, (messages) => messages.length >= 1);
    expect(emergency?.text).toMatch(/^🚨 СРОЧНО/);
    expect(emergency?.text).toMatch(/112/);
    expect(emergency?.text).toMatch(/103/);

    seen = user.received.length;
    await user.command('/start');
    const [welcome] = await user.waitFor(seen, (messages) => messages.length >= 1);
    expect(welcome?.text).toMatch(/^Здравствуйте, я crampbot/);
  });

  it('answers an English message in English in the same chat', async () => {
    const user = emulator.user(token, 702);
    await user.say('почему ночью сводит икры?');
    await user.waitFor(0, (messages) => messages.length >= 2);
    const seen = user.received.length;
    await user.say('what helps during a cramp?');
    const [answer] = await user.waitFor(seen, (messages) => messages.length >= 1);
    expect(answer?.text).toMatch(/[a-z]/);
    expect(answer?.text).not.toMatch(/[а-я]/);
  });
});
