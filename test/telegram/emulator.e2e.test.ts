import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemorySessionStorage } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionData } from '../../src/sessions/index.js';
import {
  createBot,
  createWebhookHandler,
  type Poller,
  registerCommands,
  setWebhook,
  startPolling,
  WEBHOOK_PATH,
} from '../../src/telegram/index.js';
import { buttonsOf, startEmulator } from '../kit/emulator.js';
import { miniEngine } from '../kit/engine.js';
import { captureLogs } from '../kit/logger.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const botFor = (emulator: Emulator, token: string) => {
  const logs = captureLogs();
  const bot = createBot({
    token,
    engine: miniEngine(),
    storage: new MemorySessionStorage<SessionData>(),
    logger: logs.logger,
    apiRoot: emulator.apiRoot,
    rateLimit: { limit: 100, windowMs: 60_000 },
  });
  return { bot, logs };
};

/**
 * The conversation from the issue, against a real Bot API emulator on loopback: a question, a follow-up
 * button, then a red-flag message whose urgent advice must come first.
 */
const fullConversation = async (user: ReturnType<Emulator['user']>) => {
  await user.say('why do my calves cramp at night');
  const first = await user.waitFor(0, (messages) => messages.some((m) => /not a doctor/.test(m.text)));
  const answer = first[0];
  expect(answer?.text).toMatch(/^Night cramps are very common/);
  expect(buttonsOf(answer)).toContain('q:night_cramps.swelling');

  const seen = user.received.length;
  await user.press('q:night_cramps.swelling');
  const [question] = await user.waitFor(seen, (messages) => messages.length >= 1);
  expect(question?.text).toBe('Any swelling or redness in one calf?');
  expect(buttonsOf(question)).toEqual(['f:dvt', 'i:first_aid']);

  const before = user.received.length;
  await user.say('my calf is swollen and hot');
  const [urgent] = await user.waitFor(before, (messages) => messages.length >= 1);
  expect(urgent?.text.startsWith('⚠️')).toBe(true);
  expect(urgent?.text).toMatch(/blood clot/);
  expect(urgent?.text).toMatch(/112/);
};

describe('end to end against telegram-test-api (long polling)', () => {
  let emulator: Emulator;
  let runner: Poller | undefined;
  const token = 'e2e-polling-token';
  let logs: ReturnType<typeof captureLogs>;
  let commandsRegistered: boolean;

  beforeAll(async () => {
    emulator = await startEmulator();
    const made = botFor(emulator, token);
    logs = made.logs;
    // The emulator has no setMyCommands: the bot must log it and run on.
    commandsRegistered = await registerCommands(made.bot.api, logs.logger);
    runner = await startPolling(made.bot, logs.logger, {
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

  it('survives the methods the emulator lacks (setMyCommands, sendChatAction)', () => {
    expect(commandsRegistered).toBe(false);
  });

  it('answers, follows a button, and puts urgent advice first', async () => {
    await fullConversation(emulator.user(token, 501));
    const lines = logs.lines();
    expect(lines.some((line) => line.msg === 'sendChatAction failed, carrying on')).toBe(true);
    expect(lines.filter((line) => line.msg === 'update').map((line) => line.outcome)).toEqual([
      'answered',
      'answered',
      'answered',
    ]);
  });

  it('/start with its topic buttons, and a forged button answered as expired', async () => {
    const user = emulator.user(token, 502);
    await user.command('/start');
    const [welcome] = await user.waitFor(0, (messages) => messages.length >= 1);
    expect(welcome?.text).toMatch(/not a doctor/);
    expect(buttonsOf(welcome)).toContain('i:night_cramps');

    await user.press('forged:data');
    const [expired] = await user.waitFor(1, (messages) => messages.length >= 1);
    expect(expired?.text).toMatch(/no longer works/);
  });
});

describe('end to end against telegram-test-api (webhook)', () => {
  let emulator: Emulator;
  let server: Server;
  const token = 'e2e-webhook-token';
  const secret = 'e2e-webhook-secret-0123456789';

  beforeAll(async () => {
    emulator = await startEmulator();
    const { bot, logs } = botFor(emulator, token);
    await bot.init();
    const handler = createWebhookHandler(bot, secret, logs.logger);
    // Real Telegram sends X-Telegram-Bot-Api-Secret-Token; the emulator does not, so a relay in front of
    // the handler adds it, the way Telegram would. The handler itself still checks it.
    server = createServer((req, res) => {
      if (req.url === '/relay') req.headers['x-telegram-bot-api-secret-token'] = secret;
      if (req.url === '/relay' || req.url === WEBHOOK_PATH) void handler(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await setWebhook(bot, `http://127.0.0.1:${port}/relay`, secret, logs.logger);
  });

  afterAll(async () => {
    await emulator?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers, follows a button, and puts urgent advice first', async () => {
    await fullConversation(emulator.user(token, 601));
  });
});
