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

  it("answers its commands, with or without its name, and ignores other bots' commands", async () => {
    const { telegram, send } = createTestBot();
    const updates = createUpdates();
    await send(updates.message('/help', { chat: group, from: member }));
    await send(updates.message('/help@crampbot_test_bot', { chat: group, from: member }));
    await send(updates.message('/help@some_other_bot', { chat: group, from: member }));
    await send(updates.message('/stats', { chat: group, from: member }));
    expect(telegram.sentTexts()).toHaveLength(2);
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
