import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/diary/clock.js';
import { type DiaryRuntime, openDiary } from '../../src/diary/runtime.js';
import { createSessionStore, type SessionStore } from '../../src/sessions/index.js';
import { createBot, type Poller, startPolling, telegramReminderSender } from '../../src/telegram/index.js';
import type { startBotApiRelay } from '../kit/bot-api-relay.js';
import { buttonsOf, type EmulatedBotMessage, type startEmulator } from '../kit/emulator.js';
import { miniEngine } from '../kit/engine.js';
import { captureLogs } from '../kit/logger.js';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type Relay = Awaited<ReturnType<typeof startBotApiRelay>>;

/** A clock the test moves by hand. */
export const fakeClock = (start: string | number) => {
  let now = typeof start === 'number' ? start : Date.parse(start);
  const clock: Clock & { set(at: string | number): void; advance(ms: number): void } = {
    now: () => now,
    set: (at) => {
      now = typeof at === 'number' ? at : Date.parse(at);
    },
    advance: (ms) => {
      now += ms;
    },
  };
  return clock;
};

export const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'crampbot-diary-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export interface InstanceOptions {
  emulator: Emulator;
  relay: Relay;
  token: string;
  clock: Clock;
  sqlitePath: string;
  redisUrl?: string;
  bullPrefix?: string;
  /** Whether this instance polls Telegram (the second of two instances only sends reminders). */
  polling?: boolean;
}

/** One running bot instance as main.ts wires it: sessions, diary, bot on the relay, reminders started. */
export const startInstance = async (options: InstanceOptions) => {
  const logs = captureLogs();
  const sessions: SessionStore = await createSessionStore({
    sqlitePath: options.sqlitePath,
    redisUrl: options.redisUrl,
  });
  const diary: DiaryRuntime = await openDiary({
    sqlitePath: options.sqlitePath,
    redisUrl: options.redisUrl,
    logger: logs.logger,
    clock: options.clock,
    pollMs: 30,
    ...(options.bullPrefix ? { bullPrefix: options.bullPrefix } : {}),
  });
  const bot = createBot({
    token: options.token,
    engine: miniEngine(),
    storage: sessions.adapter,
    updates: sessions.updates,
    logger: logs.logger,
    apiRoot: options.relay.apiRoot,
    rateLimit: { limit: 1000, windowMs: 60_000 },
    diary: diary.service,
  });
  await bot.init();
  const sent: number[] = [];
  const sender = telegramReminderSender(bot.api, diary.service.texts);
  await diary.startReminders(async (chatId) => {
    const outcome = await sender(chatId);
    if (outcome === 'sent') sent.push(chatId);
    return outcome;
  });
  let runner: Poller | undefined;
  if (options.polling !== false)
    runner = await startPolling(bot, logs.logger, {
      startup: { apiRoot: options.relay.apiRoot, attempts: 3, timeoutMs: 5000, logger: logs.logger },
      onFatal: (error) => {
        throw error;
      },
    });
  return {
    bot,
    diary,
    sessions,
    logs,
    /** Chat ids this instance sent a reminder to, in order. */
    sent,
    stop: async () => {
      await runner?.stop(5000);
      await diary.close();
      await sessions.close();
    },
  };
};

export type Instance = Awaited<ReturnType<typeof startInstance>>;

/** A person in the emulator with helpers that wait for the bot's replies. */
export const person = (emulator: Emulator, token: string, chatId: number) => {
  const user = emulator.user(token, chatId);
  const next = async (count = 1, test: (messages: EmulatedBotMessage[]) => boolean = () => true) => {
    const since = user.received.length;
    return user.waitFor(since, (messages) => messages.length >= count && test(messages));
  };
  return {
    ...user,
    /** Sends and waits until `count` replies arrived (and `test` holds for them). */
    send: async (text: string, count = 1, test?: (messages: EmulatedBotMessage[]) => boolean) => {
      const since = user.received.length;
      await (text.startsWith('/') ? user.command(text) : user.say(text));
      return user.waitFor(since, (messages) => messages.length >= count && (test ? test(messages) : true));
    },
    tap: async (data: string, count = 1, test?: (messages: EmulatedBotMessage[]) => boolean) => {
      const since = user.received.length;
      await user.press(data);
      return user.waitFor(since, (messages) => messages.length >= count && (test ? test(messages) : true));
    },
    next,
  };
};

export type Person = ReturnType<typeof person>;

/** Logs one cramp through /cramp and the leg and duration buttons; returns the entry id. */
export const logCramp = async (
  who: Person,
  leg: 'l' | 'r' | 'b',
  duration: 's' | 'm' | 'l',
  options: { lastNight?: boolean } = {},
): Promise<{ id: string; replies: EmulatedBotMessage[] }> => {
  const [logged] = await who.send('/cramp');
  const legButton = buttonsOf(logged).find((data) => data.startsWith('d:l:'));
  if (!legButton) throw new Error(`no leg buttons under: ${logged?.text}`);
  const id = legButton.split(':')[2] as string;
  if (options.lastNight) await who.tap(`d:n:${id}`);
  await who.tap(`d:l:${id}:${leg}`);
  const replies = await who.tap(`d:t:${id}:${duration}`, 1, (messages) =>
    messages.some((m) => m.text.startsWith('Saved')),
  );
  // Follow-up messages (advice, questions) may still be on their way; give them a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 150));
  replies.push(...(await who.waitFor(who.received.length, () => true)));
  return { id, replies };
};

export { buttonsOf };
