import { describe, expect, it } from 'vitest';
import { createTestBot } from '../kit/test-bot.js';
import { BOT_USER, createUpdates, groupChat, person } from '../kit/updates.js';

describe('non-text messages', () => {
  it.each(['sticker', 'photo', 'voice', 'location', 'document'] as const)(
    'a %s gets "I read text only"',
    async (kind) => {
      const { telegram, send, storage } = createTestBot();
      await send(createUpdates().media(kind));
      expect(telegram.sentTexts()).toEqual([
        'Sorry, I can only read text messages. Please type your question.',
      ]);
      // Nothing to remember about a sticker: the session store is not touched.
      expect(await storage.read('telegram:1001')).toBeUndefined();
    },
  );

  it('a caption is read like a question (red flags included), with a note that pictures are not', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().media('photo', { caption: 'my calf is swollen and hot, look' }));
    const texts = telegram.sentTexts();
    expect(texts[0]?.startsWith('⚠️')).toBe(true);
    expect(texts.at(-1)).toMatch(/can't see pictures/);
  });

  it('a moving live location (edited message) is not answered', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().editedLocation());
    expect(telegram.calls).toEqual([]);
  });
});

describe('group chats', () => {
  const group = groupChat();
  const member = person(2002, 'Kim');

  it('ignores group chatter that is not for the bot', async () => {
    const { telegram, send, storage } = createTestBot();
    await send(createUpdates().message('why do my calves cramp at night', { chat: group, from: member }));
    await send(createUpdates(50).serviceMessage(group));
    expect(telegram.calls).toEqual([]);
    expect(await storage.read('telegram:2002')).toBeUndefined();
  });

  it('answers a mention, replying to the message, without the mention in the question', async () => {
    const { telegram, send } = createTestBot();
    const update = createUpdates().message('@crampbot_test_bot why do my calves cramp at night', {
      chat: group,
      from: member,
    });
    await send(update);
    const [answer, ...rest] = telegram.callsOf('sendMessage');
    expect(answer?.payload.text).toMatch(/^Night cramps/);
    expect(answer?.payload.chat_id).toBe(group.id);
    expect(answer?.payload.reply_parameters).toEqual({
      message_id: update.message?.message_id,
      allow_sending_without_reply: true,
    });
    // Only the first message is a reply; the rest follow it.
    for (const call of rest) expect(call.payload.reply_parameters).toBeUndefined();
  });

  it('answers a reply to one of its own messages', async () => {
    const { telegram, send } = createTestBot();
    const updates = createUpdates();
    const replyTo = updates.botMessage(group);
    await send(updates.message('and what about at night?', { chat: group, from: member, replyTo }));
    expect(telegram.sentTexts().length).toBeGreaterThan(0);
  });

  it('does not answer a reply to someone else', async () => {
    const { telegram, send } = createTestBot();
    const updates = createUpdates();
    const replyTo = { ...updates.botMessage(group), from: person(3, 'Lee') };
    await send(updates.message('cramps at night, same here', { chat: group, from: member, replyTo }));
    expect(telegram.calls).toEqual([]);
  });

  it('answers commands that name it; a command without a bot name is for another bot', async () => {
    const { telegram, send, logs } = createTestBot();
    const updates = createUpdates();
    await send(updates.message('/help@crampbot_test_bot', { chat: group, from: member }));
    await send(updates.message('/help', { chat: group, from: member }));
    await send(updates.message('/help@some_other_bot', { chat: group, from: member }));
    await send(updates.message('/stats', { chat: group, from: member }));
    expect(telegram.sentTexts()).toHaveLength(1);
    const notes = logs
      .lines()
      .filter((line) => line.msg === 'update')
      .map((line) => line.note);
    expect(notes.slice(1)).toEqual([
      'group_command_without_bot_name',
      'command_for_another_bot',
      'group_command_without_bot_name',
    ]);
  });

  it('other bots\' commands in a group neither count toward the limit nor draw the "too fast" note', async () => {
    const { telegram, send } = createTestBot({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const updates = createUpdates();
    for (const text of ['/stats', '/start', '/roll', '/help', '/stats@dice_bot', '/top']) {
      await send(updates.message(text, { chat: group, from: member }));
    }
    expect(telegram.calls).toEqual([]);
    await send(updates.message('/help@crampbot_test_bot', { chat: group, from: member }));
    await send(
      updates.message('@crampbot_test_bot why do my calves cramp at night', { chat: group, from: member }),
    );
    const texts = telegram.sentTexts();
    expect(texts[0]).toMatch(/\/topics/);
    expect(texts.some((text) => text.startsWith('Night cramps'))).toBe(true);
    expect(texts.join('\n')).not.toMatch(/very quickly/);
  });

  it('a bare mention gets the help text', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().message('@crampbot_test_bot', { chat: group, from: member }));
    expect(telegram.sentTexts()[0]).toMatch(/\/topics/);
  });

  it('a text mention (tap on the name) counts as a mention', async () => {
    const { telegram, send } = createTestBot();
    await send(
      createUpdates().message('crampbot night cramps?', {
        chat: group,
        from: member,
        entities: [{ type: 'text_mention', offset: 0, length: 8, user: BOT_USER }],
      }),
    );
    expect(telegram.sentTexts().length).toBeGreaterThan(0);
  });

  it('buttons work in groups and answer in the group', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().callback('i:first_aid', { chat: group, from: member }));
    expect(telegram.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(telegram.callsOf('sendMessage')[0]?.payload.chat_id).toBe(group.id);
  });
});

/**
 * Telegram's placeholder senders: an anonymous group admin writes as @GroupAnonymousBot, a channel writing
 * in its discussion group as @Channel_Bot, and an automatic forward from the linked channel as the
 * "Telegram" service account. Each is one user id shared by every group on Telegram, so the person behind
 * it is the chat it speaks for (`sender_chat`).
 */
describe('anonymous admins and channels in groups', () => {
  const ANONYMOUS_ADMIN = {
    id: 1_087_968_824,
    is_bot: true,
    first_name: 'Group',
    username: 'GroupAnonymousBot',
  };
  const CHANNEL_BOT = { id: 136_817_688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' };
  const groupA = groupChat(-100_001);
  const groupB = groupChat(-100_002);
  const asAdminOf = (chat: ReturnType<typeof groupChat>) => ({ chat, from: ANONYMOUS_ADMIN });
  const question = '@crampbot_test_bot why do my calves cramp at night';

  /** The same placeholder sender in two unrelated groups. */
  const ask = (updates: ReturnType<typeof createUpdates>, chat: ReturnType<typeof groupChat>) => {
    const update = updates.message(question, asAdminOf(chat));
    (update.message as { sender_chat?: unknown }).sender_chat = {
      id: chat.id,
      type: 'supergroup',
      title: chat.title,
    };
    return update;
  };

  it('anonymous admins of different groups do not share a session', async () => {
    const { telegram, send, storage } = createTestBot();
    const updates = createUpdates();
    await send(ask(updates, groupA));
    // First contact in group B: it gets its own "not a doctor" note, as a new person would.
    telegram.clear();
    await send(ask(updates, groupB));
    expect(telegram.sentTexts().join('\n')).toMatch(/not a doctor/);
    expect(await storage.read(`telegram:${ANONYMOUS_ADMIN.id}`)).toBeUndefined();
    expect(await storage.read(`telegram:chat:${groupA.id}`)).toBeDefined();
    expect(await storage.read(`telegram:chat:${groupB.id}`)).toBeDefined();
  });

  it('anonymous admins of different groups do not share a rate limit', async () => {
    const { telegram, send } = createTestBot({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const updates = createUpdates();
    for (const chat of [groupA, groupB, groupChat(-100_003)]) await send(ask(updates, chat));
    expect(telegram.sentTexts().filter((text) => text.startsWith('Night cramps'))).toHaveLength(3);
    expect(telegram.sentTexts().join('\n')).not.toMatch(/very quickly/);
  });

  it('two channels speaking in one discussion group are two senders, neither of them @Channel_Bot', async () => {
    const { telegram, send, storage } = createTestBot({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const updates = createUpdates();
    for (const channelId of [-100_900, -100_901]) {
      const update = updates.message(question, { chat: groupA, from: CHANNEL_BOT });
      (update.message as { sender_chat?: unknown }).sender_chat = {
        id: channelId,
        type: 'channel',
        title: 'News',
      };
      await send(update);
    }
    expect(telegram.sentTexts().filter((text) => text.startsWith('Night cramps'))).toHaveLength(2);
    expect(await storage.read(`telegram:${CHANNEL_BOT.id}`)).toBeUndefined();
    expect(await storage.read('telegram:chat:-100900')).toBeDefined();
  });
});
