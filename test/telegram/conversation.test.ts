import { describe, expect, it } from 'vitest';
import { createTestBot } from '../kit/test-bot.js';
import { createUpdates } from '../kit/updates.js';
import { buttonData } from './helpers.js';

describe('free text', () => {
  it('answers with the follow-ups as an inline keyboard, in plain text without link previews', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().message('why do my calves cramp at night'));

    expect(telegram.calls[0]?.method).toBe('sendChatAction');
    const [answer, disclaimer] = telegram.callsOf('sendMessage');
    expect(answer?.payload.text).toMatch(/^Night cramps are very common/);
    expect(answer?.payload.parse_mode).toBeUndefined();
    expect(answer?.payload.link_preview_options).toEqual({ is_disabled: true });
    expect(buttonData(answer)).toEqual([
      'q:night_cramps.how_often',
      'q:night_cramps.pregnant',
      'q:night_cramps.swelling',
      'd:night_cramps',
    ]);
    // First contact: the not-a-doctor note follows the answer.
    expect(disclaimer?.payload.text).toMatch(/not a doctor/);
  });

  it('puts urgent advice first, visibly marked, when the message carries a red flag', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().message('my calf is swollen and hot'));
    const [first] = telegram.sentTexts();
    expect(first?.startsWith('⚠️')).toBe(true);
    expect(first).toMatch(/112/);
  });

  it('marks emergency advice with 🚨', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().message('my leg hurts and I am short of breath'));
    expect(telegram.sentTexts()[0]?.startsWith('🚨')).toBe(true);
  });

  it('answers an edited message as a new question', async () => {
    const { telegram, send } = createTestBot();
    const updates = createUpdates();
    const original = updates.message('hello there');
    await send(original);
    telegram.clear();
    await send(updates.edited(original, 'why do my calves cramp at night'));
    expect(telegram.sentTexts()[0]).toMatch(/^Night cramps/);
  });

  it('says what it can help with when the question is out of scope', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().message('what is the capital of France'));
    expect(telegram.sentTexts()[0]).toMatch(/only help with leg and calf cramps/);
  });

  it('sends user text back unchanged as plain text (no markup to escape or inject)', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().message('<b>night</b> *cramps* _in_ [bed](http://evil.example)'));
    for (const call of telegram.callsOf('sendMessage')) expect(call.payload.parse_mode).toBeUndefined();
  });

  it('cuts a question longer than Telegram allows and says so after the answer', async () => {
    const { telegram, send } = createTestBot();
    const story = `${'I had a long day at work and then went for a walk. '.repeat(90)}why do my calves cramp at night`;
    expect(story.length).toBeGreaterThan(4096);
    await send(createUpdates().message(story));
    const texts = telegram.sentTexts();
    expect(texts.at(-1)).toMatch(/long message/);
    expect(texts.length).toBeGreaterThan(1);
  });

  it('never sends a message longer than 4,096 characters', async () => {
    const { telegram, send } = createTestBot();
    const updates = createUpdates();
    await send(updates.message('why do my calves cramp at night'));
    await send(updates.callback('d:night_cramps'));
    await send(updates.command('about'));
    for (const text of telegram.sentTexts()) expect(text.length).toBeLessThanOrEqual(4096);
  });
});

describe('buttons', () => {
  it('answers the callback first, then continues the conversation', async () => {
    const { telegram, send } = createTestBot();
    const updates = createUpdates();
    await send(updates.message('why do my calves cramp at night'));
    telegram.clear();

    await send(updates.callback('q:night_cramps.how_often'));
    expect(telegram.calls.map((call) => call.method)).toEqual([
      'answerCallbackQuery',
      'sendChatAction',
      'sendMessage',
    ]);
    const [question] = telegram.callsOf('sendMessage');
    expect(question?.payload.text).toBe('How often do they happen?');
    expect(buttonData(question)).toEqual(['r:night_cramps_frequent', 'i:prevention']);

    await send(updates.callback('r:night_cramps_frequent'));
    expect(telegram.sentTexts()[1]).toMatch(/worth a visit to your doctor/);
  });

  it('a "yes, swelling" button leads to the urgent advice, marked', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().callback('f:dvt'));
    expect(telegram.sentTexts()[0]?.startsWith('⚠️')).toBe(true);
  });

  it('a button from an old message still works without any session', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().callback('i:pregnancy'));
    expect(telegram.sentTexts()[0]).toMatch(/pregnancy/);
  });

  it.each([
    ['an intent that no longer exists', 'i:no_such_topic'],
    ['a follow-up that no longer exists', 'q:night_cramps.gone'],
    ['forged data', 'DROP TABLE sessions;'],
    ['malformed data', 'i:'],
    ['oversized data', `i:${'a'.repeat(80)}`],
  ])('%s: answered politely as expired, never an error', async (_name, data) => {
    const { telegram, send, logs } = createTestBot();
    await send(createUpdates().callback(data));
    expect(telegram.callsOf('answerCallbackQuery')).toHaveLength(1);
    const texts = telegram.sentTexts();
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/no longer works/);
    expect(buttonData(telegram.callsOf('sendMessage')[0])).toEqual(['m']);
    expect(logs.lines().some((line) => line.level === 50)).toBe(false);
  });

  it('a callback query without data (a game button) is still answered', async () => {
    const { telegram, send } = createTestBot();
    const update = createUpdates().callback('x');
    delete (update.callback_query as { data?: string }).data;
    await send(update);
    expect(telegram.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(telegram.sentTexts()).toEqual([]);
  });
});
