import { describe, expect, it } from 'vitest';
import { createTestBot } from '../kit/test-bot.js';
import { createUpdates, person } from '../kit/updates.js';
import { buttonData } from './helpers.js';

describe('commands', () => {
  it('/start shows the typing indicator, then a welcome that says it is not a doctor, with topic buttons', async () => {
    const { telegram, send, storage } = createTestBot();
    const updates = createUpdates();
    await send(updates.command('start'));

    expect(telegram.calls.map((call) => call.method)).toEqual(['sendChatAction', 'sendMessage']);
    const [reply] = telegram.callsOf('sendMessage');
    expect(reply?.payload.text).toMatch(/not a doctor/);
    expect(reply?.payload.parse_mode).toBeUndefined();
    expect(buttonData(reply)).toEqual([
      'i:night_cramps',
      'i:exercise_cramps',
      'i:pregnancy',
      'i:first_aid',
      'i:see_doctor',
      'm',
    ]);
    // A hello alone is nothing to keep: no session is stored for it (the store cannot be grown by saying hello).
    expect(await storage.read('telegram:1001')).toBeUndefined();
  });

  it('/help lists the commands', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().command('help'));
    expect(telegram.sentTexts()[0]).toMatch(/\/topics/);
  });

  it('/about names sources, privacy and the disclaimer', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().command('about'));
    const [text] = telegram.sentTexts();
    expect(text).toMatch(/Sources/);
    expect(text).toMatch(/Privacy/);
    expect(text).toMatch(/not a doctor/);
  });

  it('/topics offers every topic as a button', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().command('topics'));
    const [reply] = telegram.callsOf('sendMessage');
    expect(buttonData(reply)).toHaveLength(6);
  });

  it('/emergency is marked as an emergency and names the number', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().command('emergency'));
    const [text] = telegram.sentTexts();
    expect(text?.startsWith('🚨')).toBe(true);
    expect(text).toMatch(/112/);
  });

  it('/country offers countries; the choice is stored and used by /emergency', async () => {
    const { telegram, send, storage } = createTestBot();
    const updates = createUpdates();
    await send(updates.command('country'));
    expect(buttonData(telegram.callsOf('sendMessage')[0])).toContain('c:GB');

    await send(updates.callback('c:GB'));
    expect(telegram.sentTexts()[1]).toMatch(/999/);
    expect(await storage.read('telegram:1001')).toMatchObject({ engine: { country: 'GB' } });

    await send(updates.command('emergency'));
    expect(telegram.sentTexts()[2]).toMatch(/999/);
  });

  it('DEFAULT_COUNTRY sets the number for new users', async () => {
    const { telegram, send } = createTestBot({ defaultCountry: 'US' });
    await send(createUpdates().command('emergency'));
    expect(telegram.sentTexts()[0]).toMatch(/911/);
  });

  it('/forget deletes the stored session and says so', async () => {
    const { telegram, send, storage } = createTestBot();
    const updates = createUpdates();
    await send(updates.message('why do my calves cramp at night'));
    await send(updates.callback('c:GB'));
    expect(await storage.read('telegram:1001')).toBeDefined();

    await send(updates.command('forget'));
    expect(telegram.sentTexts().at(-1)).toMatch(/deleted everything/);
    expect(await storage.read('telegram:1001')).toBeUndefined();
  });

  it('an unknown command in a private chat gets /help', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates().command('stats'));
    expect(telegram.sentTexts()[0]).toMatch(/\/topics/);
  });

  it('"/start@otherbot" is left alone; "/help@crampbot_test_bot" is answered', async () => {
    const { telegram, send } = createTestBot();
    const updates = createUpdates();
    await send(updates.message('/start@otherbot'));
    expect(telegram.calls).toEqual([]);
    await send(updates.message('/help@crampbot_test_bot'));
    expect(telegram.sentTexts()).toHaveLength(1);
  });

  it('an edited command is answered like a new one', async () => {
    const { telegram, send } = createTestBot();
    const updates = createUpdates();
    const original = updates.command('hlep');
    await send(original);
    await send(updates.edited(original, '/about'));
    expect(telegram.sentTexts()[1]).toMatch(/Privacy/);
  });

  it('keeps separate sessions per person', async () => {
    const { send, storage } = createTestBot();
    const updates = createUpdates();
    await send(updates.callback('c:AU', { from: person(1) }));
    await send(updates.callback('c:RU', { from: person(2) }));
    expect(await storage.read('telegram:1')).toMatchObject({ engine: { country: 'AU' } });
    expect(await storage.read('telegram:2')).toMatchObject({ engine: { country: 'RU' } });
  });
});
