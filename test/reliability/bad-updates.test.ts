import fc from 'fast-check';
import { MemorySessionStorage } from 'grammy';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import type { SessionData } from '../../src/sessions/index.js';
import { createTestBot, type TestBot } from '../kit/test-bot.js';
import { createUpdates, groupChat, person, privateChat } from '../kit/updates.js';

/**
 * Malformed and unexpected updates, one by one and fuzzed: each is answered or ignored, leaves exactly
 * one log line, never escapes the bot (no "unhandled bot error", no rejected handleUpdate), never sends
 * anything to a chat other than its own, and never touches another person's stored state.
 */
const VICTIM = 1002;
const victimState: SessionData = { engine: { country: 'AU', lastIntent: 'pregnancy', welcomed: true } };

const setUp = async () => {
  const storage = new MemorySessionStorage<SessionData>();
  await storage.write(`telegram:${VICTIM}`, structuredClone(victimState));
  // No rate limit in the way: the fuzz sends thousands of updates from a handful of ids.
  return createTestBot({ storage, rateLimit: { limit: 1_000_000, windowMs: 60_000 } });
};

/** The chat an update came from, if it names one: the only chat a reply may go to. */
const ownChatOf = (update: Record<string, unknown>): unknown => {
  for (const value of Object.values(update)) {
    if (typeof value !== 'object' || value === null) continue;
    const payload = value as { chat?: { id?: unknown }; message?: { chat?: { id?: unknown } } };
    if (payload.chat?.id !== undefined) return payload.chat.id;
    if (payload.message?.chat?.id !== undefined) return payload.message.chat.id;
  }
  return undefined;
};

let nextUpdateId = 1_000_000;

/** Sends one update and checks everything that must hold whatever it was. */
const expectHandledSafely = async (testBot: TestBot, update: Record<string, unknown>) => {
  const { telegram, logs, storage } = testBot;
  const linesBefore = logs.lines().length;
  const callsBefore = telegram.calls.length;
  const sent = { ...update, update_id: nextUpdateId++ };
  const handled = testBot.send(sent as unknown as Update);
  const hung = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`hung: ${JSON.stringify(sent).slice(0, 600)}`)), 3000),
  );
  await expect(Promise.race([handled, hung])).resolves.toBeUndefined();

  const lines = logs.lines().slice(linesBefore);
  expect(
    lines.filter((line) => line.msg === 'update'),
    'one log line per update',
  ).toHaveLength(1);
  expect(lines.filter((line) => line.msg === 'unhandled bot error')).toEqual([]);
  // Malformed shapes are dropped by the guard up front, so nothing fails inside a feature.
  expect(lines.filter((line) => line.msg === 'update failed')).toEqual([]);
  for (const call of telegram.calls.slice(callsBefore)) {
    if (call.method !== 'sendMessage') continue;
    // A real chat id is a number (or a @username); garbage ids are the Bot API's to refuse.
    const ownChat = ownChatOf(update);
    if (typeof ownChat === 'number' || typeof ownChat === 'string')
      expect(call.payload.chat_id, 'replies go to the update’s own chat').toBe(ownChat);
    expect(call.payload.chat_id, 'never to the other person').not.toBe(VICTIM);
    expect(String(call.payload.text).length).toBeLessThanOrEqual(4096);
  }
  const fromId = Object.values(update).map(
    (value) => (value as { from?: { id?: unknown } } | null)?.from?.id,
  );
  if (!fromId.includes(VICTIM)) expect(await storage.read(`telegram:${VICTIM}`)).toEqual(victimState);
  return { lines, calls: telegram.calls.slice(callsBefore) };
};

const outcomeOf = (lines: Record<string, unknown>[]) => lines.find((line) => line.msg === 'update')?.outcome;

describe('unexpected updates are answered or ignored, logged, and never crash the bot', () => {
  const updates = createUpdates();
  const alex = person(1001);

  it('update types the bot never asked for (channel posts, reactions, member changes, future types)', async () => {
    const testBot = await setUp();
    const channel = { id: -100_777, type: 'channel', title: 'Cramp news' };
    const post = { message_id: 5, date: 1_764_000_000, chat: channel, text: 'my calf is swollen and hot' };
    for (const update of [
      { channel_post: post },
      { edited_channel_post: { ...post, edit_date: 1_764_000_100 } },
      {
        message_reaction: {
          chat: privateChat(alex),
          message_id: 9,
          date: 1,
          user: alex,
          old_reaction: [],
          new_reaction: [],
        },
      },
      {
        my_chat_member: {
          chat: privateChat(alex),
          from: alex,
          date: 1,
          old_chat_member: {},
          new_chat_member: {},
        },
      },
      { inline_query: { id: 'q1', from: alex, query: 'cramps', offset: '' } },
      { poll: { id: 'p1', question: 'cramps?', options: [], total_voter_count: 0 } },
      { some_type_from_2030: { anything: [1, 2, 3] } },
      {},
    ]) {
      const { lines, calls } = await expectHandledSafely(testBot, update);
      expect(['ignored', 'unhandled']).toContain(outcomeOf(lines));
      expect(calls.filter((call) => call.method === 'sendMessage')).toEqual([]);
    }
  });

  it('a message without `from` (anonymous group admin) is answered statelessly, and nothing is stored', async () => {
    const testBot = await setUp();
    const group = groupChat();
    const anonymous = updates.message('@crampbot_test_bot my calf is swollen and hot', { chat: group });
    const message = { ...(anonymous.message as object), sender_chat: group } as Record<string, unknown>;
    delete message.from;
    const { lines, calls } = await expectHandledSafely(testBot, { message });
    expect(outcomeOf(lines)).toBe('answered');
    expect(String(calls.find((call) => call.method === 'sendMessage')?.payload.text)).toMatch(/^⚠️/);
    expect(lines.some((line) => line.msg === 'update failed')).toBe(false);
  });

  it('a button press with a megabyte of callback data gets the polite "expired" answer', async () => {
    const testBot = await setUp();
    const update = updates.callback(`i:${'x'.repeat(1024 * 1024)}`);
    const { lines, calls } = await expectHandledSafely(testBot, update as unknown as Record<string, unknown>);
    expect(outcomeOf(lines)).toBe('answered');
    expect(calls.filter((call) => call.method === 'answerCallbackQuery')).toHaveLength(1);
    expect(String(calls.find((call) => call.method === 'sendMessage')?.payload.text)).toMatch(
      /no longer works/,
    );
  });

  it('buttons for unknown or expired actions get "that button no longer works", never an error', async () => {
    const testBot = await setUp();
    for (const data of [
      'i:no_such_topic',
      'q:night_cramps.gone',
      'r:deleted_reply',
      'f:no_rule',
      'c:ZZ',
      'd:old',
    ]) {
      const { lines, calls } = await expectHandledSafely(
        testBot,
        updates.callback(data) as unknown as Record<string, unknown>,
      );
      expect(outcomeOf(lines)).toBe('answered');
      expect(String(calls.find((call) => call.method === 'sendMessage')?.payload.text)).toMatch(
        /no longer works/,
      );
    }
  });

  it('forged data naming another person’s state changes only the presser’s own session', async () => {
    const testBot = await setUp();
    for (const data of [
      `telegram:${VICTIM}`,
      `c:GB:${VICTIM}`,
      `${VICTIM}`,
      `../telegram:${VICTIM}`,
      'c:GB',
    ]) {
      await expectHandledSafely(
        testBot,
        updates.callback(data, { from: alex }) as unknown as Record<string, unknown>,
      );
    }
    expect(await testBot.storage.read(`telegram:${VICTIM}`)).toEqual(victimState);
    // The one valid press ("c:GB") set the presser's own country.
    expect((await testBot.storage.read('telegram:1001'))?.engine.country).toBe('GB');
  });

  it('a press without a message (inline message) or without data (a game) is answered and logged', async () => {
    const testBot = await setUp();
    const inline = {
      id: 'cq-inline',
      from: alex,
      chat_instance: 'ci',
      inline_message_id: 'im-1',
      data: 'i:first_aid',
    };
    const game = { id: 'cq-game', from: alex, chat_instance: 'ci', game_short_name: 'cramp_runner' };
    for (const callback_query of [inline, game]) {
      const { calls } = await expectHandledSafely(testBot, { callback_query });
      expect(calls.filter((call) => call.method === 'answerCallbackQuery')).toHaveLength(1);
    }
  });
});

describe('fuzzed updates (1,500 runs)', () => {
  const updates = createUpdates(10);
  const chat = privateChat(person(1001));
  /** Well-formed updates of every kind the bot handles, which the fuzzer then breaks. */
  const valid: Update[] = [
    updates.message('why do my calves cramp at night'),
    updates.message('my calf is swollen and hot'),
    updates.command('start'),
    updates.command('forget'),
    updates.message('@crampbot_test_bot night cramps', { chat: groupChat(), from: person(1003) }),
    updates.edited(updates.message('night cramps'), 'my calf is swollen'),
    updates.callback('i:first_aid'),
    updates.callback('c:GB', { from: person(1003) }),
    updates.media('photo', { caption: 'swollen calf' }),
    updates.media('sticker'),
    updates.serviceMessage(groupChat()),
    updates.message('reply', { replyTo: updates.botMessage(chat) }),
  ];
  const junk = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.constantFrom(
      null,
      undefined,
      '',
      0,
      -1,
      Number.MAX_SAFE_INTEGER + 2,
      1e308,
      [],
      {},
      'telegram:1002',
      VICTIM,
    ),
    fc.string({ minLength: 5000, maxLength: 20_000 }),
  );

  /** Every object path inside an update, so a mutation can hit any field at any depth. */
  const pathsOf = (value: unknown, prefix: string[] = []): string[][] => {
    if (typeof value !== 'object' || value === null) return [];
    return Object.keys(value).flatMap((key) => [
      [...prefix, key],
      ...pathsOf((value as Record<string, unknown>)[key], [...prefix, key]),
    ]);
  };
  const mutate = (
    update: Update,
    edits: [number, 'delete' | 'replace', unknown][],
  ): Record<string, unknown> => {
    const copy = structuredClone(update) as unknown as Record<string, unknown>;
    for (const [pick, action, value] of edits) {
      const paths = pathsOf(copy).filter((path) => path[0] !== 'update_id');
      const path = paths[pick % Math.max(1, paths.length)];
      if (!path) continue;
      let parent = copy;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
      const key = path.at(-1) as string;
      // The victim's id is never forged as the sender here; that would be the victim acting.
      if (action === 'delete') delete parent[key];
      else parent[key] = value === VICTIM && key === 'id' ? 4 : structuredClone(value);
    }
    return copy;
  };
  const broken = fc
    .tuple(
      fc.constantFrom(...valid),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete' as const, 'replace' as const), junk), {
        minLength: 1,
        maxLength: 4,
      }),
    )
    .map(([update, edits]) => mutate(update, edits));
  const unknownType = fc
    .tuple(fc.string({ minLength: 1, maxLength: 30 }), junk)
    .filter(([key]) => key !== 'update_id' && key !== '__proto__')
    .map(([key, value]) => ({ [key]: value }));

  it('any mutation of a valid update, or an update of an unknown shape, is handled safely', async () => {
    const testBot = await setUp();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: broken }, { weight: 1, arbitrary: unknownType }),
        async (update) => {
          await expectHandledSafely(testBot, update);
        },
      ),
      { numRuns: 1500 },
    );
    // The fuzz reached the engine too, not only the guards.
    expect(testBot.telegram.callsOf('sendMessage').length).toBeGreaterThan(100);
  });
});
