import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySessionStorage, type StorageAdapter } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Engine } from '../engine/index.js';
import { createLogger } from '../logger.js';
import { createSessionStore, type SessionData } from '../sessions/index.js';
import { createBot } from '../telegram/index.js';
import { type LatencyStats, summarise } from './measure.js';

/** The Bot API replaced in-process: every method succeeds at once; sent buttons are kept for later presses. */
export const stubFetch = (onButtons: (chatId: number, data: string[]) => void) => {
  let messageId = 1;
  let calls = 0;
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls++;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = url.slice(url.lastIndexOf('/') + 1);
    const payload = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    let result: unknown = true;
    if (method.startsWith('send') || method.startsWith('edit')) {
      const chatId = Number(payload.chat_id ?? 0);
      const markup = payload.reply_markup as
        | { inline_keyboard?: Array<Array<{ callback_data?: string }>> }
        | undefined;
      const data = (markup?.inline_keyboard ?? [])
        .flat()
        .flatMap((b) => (b.callback_data ? [b.callback_data] : []));
      if (data.length) onButtons(chatId, data);
      result = {
        message_id: messageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Bench' },
        text: typeof payload.text === 'string' ? payload.text : '',
      };
    } else if (method === 'getMe') {
      result = BOT_INFO;
    }
    return new Response(JSON.stringify({ ok: true, result }), {
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls: () => calls };
};

export const BOT_INFO = {
  id: 1_000_001,
  is_bot: true,
  first_name: 'crampbot',
  username: 'crampbot_bench_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as unknown as UserFromGetMe;

export interface BotBenchResult {
  store: 'memory' | 'sqlite';
  updates: number;
  /** Awaiting each update before the next: latency of one update through the whole stack. */
  sequential: LatencyStats;
  /** Batches of 64 updates from different people in flight at once (as the runner delivers them). */
  concurrentPerSecond: number;
  /** Bot API calls the stub answered during the one-at-a-time pass. */
  apiCalls: number;
  /** What the one-at-a-time pass sent (the concurrent pass sends the same mix again). */
  mix: { text: number; command: number; button: number };
}

const COMMANDS = ['/start', '/help', '/topics', '/about'];

/**
 * Updates per second through createBot's full middleware stack (sequentialize, logging, callback guard,
 * error boundary, group filter, rate limiter, sessions, commands, buttons, text, media), Bot API stubbed.
 * Each update comes from a different person (so the production rate limit never triggers); one in ten
 * presses a button the bot sent earlier, one in twenty is a command.
 */
export const benchBot = async (
  engine: Engine,
  texts: string[],
  options: { store: 'memory' | 'sqlite'; updates: number; warmup: number },
): Promise<BotBenchResult> => {
  const buttons: Array<{ chatId: number; data: string }> = [];
  const stub = stubFetch((chatId, data) => {
    if (buttons.length < 10_000) for (const d of data) buttons.push({ chatId, data: d });
  });
  let storage: StorageAdapter<SessionData>;
  let close = async () => {};
  if (options.store === 'memory') storage = new MemorySessionStorage<SessionData>();
  else {
    const dir = mkdtempSync(join(tmpdir(), 'crampbot-bench-'));
    const store = await createSessionStore({ sqlitePath: join(dir, 'sessions.db') });
    storage = store.adapter;
    close = async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const bot = createBot({
    token: '1000001:bench',
    engine,
    storage,
    logger: createLogger('silent'),
    rateLimit: { limit: 5, windowMs: 10_000 },
    botInfo: BOT_INFO,
    client: { fetch: stub.fetch },
  });

  let updateId = 1;
  const mix = { text: 0, command: 0, button: 0 };
  const nextUpdate = (i: number): Update => {
    const userId = 10_000 + (i % 200_000);
    const from = { id: userId, is_bot: false, first_name: 'Bench', language_code: 'en' };
    const chat = { id: userId, type: 'private' as const, first_name: 'Bench' };
    const date = Math.floor(Date.now() / 1000);
    const press = i % 10 === 9 ? buttons[(i * 7919) % Math.max(1, buttons.length)] : undefined;
    if (press) {
      mix.button++;
      const pressChat = { ...chat, id: press.chatId };
      return {
        update_id: updateId++,
        callback_query: {
          id: String(updateId),
          chat_instance: String(press.chatId),
          from: { ...from, id: press.chatId },
          data: press.data,
          message: { message_id: 1, date, chat: pressChat, text: 'answer' },
        },
      } as Update;
    }
    const command = i % 20 === 4 ? COMMANDS[((i / 20) % COMMANDS.length) | 0] : undefined;
    const text = command ?? (texts[i % texts.length] as string);
    if (command) mix.command++;
    else mix.text++;
    return {
      update_id: updateId++,
      message: {
        message_id: i + 1,
        date,
        chat,
        from,
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
      },
    } as Update;
  };

  for (let i = 0; i < options.warmup; i++) await bot.handleUpdate(nextUpdate(i));
  Object.assign(mix, { text: 0, command: 0, button: 0 });
  const callsBefore = stub.calls();
  const durations: number[] = [];
  const base = options.warmup;
  for (let i = 0; i < options.updates; i++) {
    const update = nextUpdate(base + i);
    const start = process.hrtime.bigint();
    await bot.handleUpdate(update);
    durations.push(Number(process.hrtime.bigint() - start));
  }
  const sequential = summarise(durations);
  const sequentialMix = { ...mix };
  const sequentialCalls = stub.calls() - callsBefore;

  const batch = 64;
  const concurrentStart = process.hrtime.bigint();
  const offset = base + options.updates;
  for (let i = 0; i < options.updates; i += batch) {
    const updates = Array.from({ length: Math.min(batch, options.updates - i) }, (_, j) =>
      nextUpdate(offset + i + j),
    );
    await Promise.all(updates.map((update) => bot.handleUpdate(update)));
  }
  const concurrentSeconds = Number(process.hrtime.bigint() - concurrentStart) / 1e9;
  await close();
  return {
    store: options.store,
    updates: options.updates,
    sequential,
    concurrentPerSecond: options.updates / concurrentSeconds,
    apiCalls: sequentialCalls,
    mix: sequentialMix,
  };
};
