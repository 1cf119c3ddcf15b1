import { MemorySessionStorage, type StorageAdapter } from 'grammy';
import { describe, expect, it } from 'vitest';
import { failSoftStorage, type SessionData } from '../../src/sessions/index.js';
import { sharedRateCounter } from '../../src/telegram/rate-counter.js';
import { captureLogs } from '../kit/logger.js';
import { createTestBot } from '../kit/test-bot.js';
import { createUpdates, person } from '../kit/updates.js';

/**
 * The session store (and the Redis counters) going away, in-process with a store that can be switched
 * off: the bot keeps answering without the stored state, red flags still escalate, the outage is
 * logged once rather than per update, and everything is back when the store is. The same with a real
 * redis-server stopped mid-run is in redis-outage.e2e.test.ts.
 */
const switchableStore = () => {
  const inner = new MemorySessionStorage<SessionData>();
  let mode: 'up' | 'down' | 'hanging' | 'reads-hang' = 'up';
  const gate = async () => {
    if (mode === 'down') throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    if (mode === 'hanging') await new Promise(() => {});
  };
  const adapter: StorageAdapter<SessionData> = {
    read: async (key) => {
      if (mode === 'reads-hang') await new Promise(() => {});
      await gate();
      return inner.read(key);
    },
    write: async (key, value) => {
      await gate();
      inner.write(key, value);
    },
    delete: async (key) => {
      await gate();
      inner.delete(key);
    },
  };
  return { adapter, inner, set: (next: typeof mode) => (mode = next) };
};

describe('a session store outage', () => {
  const setUp = () => {
    const store = switchableStore();
    const logs = captureLogs();
    const storage = failSoftStorage(store.adapter, { logger: logs.logger, timeoutMs: 100 });
    const testBot = createTestBot({ storage });
    return { store, testBot, logs };
  };
  const from = person(3001);

  it('answers without the stored state (red flags still escalate), logs it once, and recovers by itself', async () => {
    const { store, testBot, logs } = setUp();
    const updates = createUpdates();
    await testBot.send(updates.callback('c:GB', { from }));
    expect(store.inner.read('telegram:3001')?.engine.country).toBe('GB');

    store.set('down');
    testBot.telegram.clear();
    await testBot.send(updates.message('why do my calves cramp at night', { from }));
    await testBot.send(updates.message('my calf is swollen and hot', { from }));
    await testBot.send(updates.message('my calf is swollen and hot', { from }));
    const texts = testBot.telegram.sentTexts();
    expect(texts[0]).toMatch(/^Night cramps/);
    const urgent = texts.filter((text) => text.startsWith('⚠️'));
    expect(urgent).toHaveLength(2);
    // The chosen country cannot be read, so the default number is given: stateless, but never silent.
    expect(urgent[0]).toMatch(/112/);
    expect(texts.join('\n')).not.toMatch(/something went wrong/);
    const warnings = logs
      .lines()
      .filter(
        (line) =>
          line.msg ===
          'session store unavailable: answering without the stored conversation state, dropping writes',
      );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      component: 'session store',
      err: expect.stringMatching(/ECONNREFUSED/),
    });
    // Writes made during the outage were dropped, not queued: the stored state is what it was.
    expect(store.inner.read('telegram:3001')?.engine).toMatchObject({ country: 'GB', lastIntent: null });

    store.set('up');
    testBot.telegram.clear();
    await testBot.send(updates.command('emergency', { from }));
    expect(testBot.telegram.sentTexts()[0]).toMatch(/999/);
    expect(logs.lines().some((line) => line.msg === 'session store recovered')).toBe(true);
  });

  it('a store that hangs counts as down after the timeout: the answer still goes out', async () => {
    const { store, testBot } = setUp();
    store.set('hanging');
    await testBot.send(createUpdates().message('my calf is swollen and hot', { from }));
    expect(testBot.telegram.sentTexts()[0]).toMatch(/^⚠️/);
  });

  it('a read that times out never leads to a write of that key: the saved country survives', async () => {
    const { store, testBot } = setUp();
    const updates = createUpdates();
    await testBot.send(updates.callback('c:GB', { from }));
    // Reads hang (a slow replica, a stalled connection) while writes still go through.
    store.set('reads-hang');
    testBot.telegram.clear();
    await testBot.send(updates.message('why do my calves cramp at night', { from }));
    await testBot.send(updates.callback('i:first_aid', { from }));
    // Answered statelessly, as during an outage...
    expect(testBot.telegram.sentTexts()[0]).toMatch(/^Night cramps/);
    // ...and nothing written over what the person had chosen.
    expect(store.inner.read('telegram:3001')?.engine).toEqual({
      country: 'GB',
      lastIntent: null,
      welcomed: false,
    });
    store.set('up');
    testBot.telegram.clear();
    await testBot.send(updates.command('emergency', { from }));
    expect(testBot.telegram.sentTexts()[0]).toMatch(/999/);
  });

  it('the same holds for any channel using the store directly (the web chat): no write after a failed read', async () => {
    const store = switchableStore();
    const storage = failSoftStorage(store.adapter, { logger: captureLogs().logger, timeoutMs: 50 });
    await storage.write('web:abc', { engine: { country: 'GB', lastIntent: 'first_aid', welcomed: true } });
    store.set('reads-hang');
    const seen = await storage.read('web:abc');
    expect(seen).toBeUndefined();
    await storage.write('web:abc', { engine: { country: null, lastIntent: 'night_cramps', welcomed: true } });
    expect(store.inner.read('web:abc')?.engine.country).toBe('GB');
    // Once a read succeeds again, writes go through as before.
    store.set('up');
    await storage.read('web:abc');
    await storage.write('web:abc', { engine: { country: 'GB', lastIntent: 'night_cramps', welcomed: true } });
    expect(store.inner.read('web:abc')?.engine.lastIntent).toBe('night_cramps');
  });

  it('/forget during an outage apologises instead of claiming to have forgotten', async () => {
    const { store, testBot } = setUp();
    const updates = createUpdates();
    await testBot.send(updates.callback('c:GB', { from }));
    store.set('down');
    testBot.telegram.clear();
    await testBot.send(updates.command('forget', { from }));
    const texts = testBot.telegram.sentTexts();
    expect(texts.join('\n')).not.toMatch(/forgotten|deleted/i);
    expect(texts.at(-1)).toMatch(/something went wrong/);
    expect(store.inner.read('telegram:3001')).toBeDefined();
  });
});

describe('a rate-limit counter outage', () => {
  it('counts in this process while Redis is down, and in Redis again once it is back', async () => {
    const logs = captureLogs();
    let up = true;
    const counts = new Map<string, number>();
    const redis = {
      eval: async (_script: string, _keys: number, key: string) => {
        if (!up) throw new Error('Stream isn’t writeable and enableOfflineQueue options is false');
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return counts.get(key);
      },
    };
    const counter = sharedRateCounter(redis, 10_000, logs.logger);
    expect(await counter.incr('k')).toBe(1);
    up = false;
    // Still limited during the outage: the local count goes up per call.
    expect([await counter.incr('k'), await counter.incr('k'), await counter.incr('k')]).toEqual([1, 2, 3]);
    up = true;
    expect(await counter.incr('k')).toBe(2);
    const messages = logs.lines().map((line) => line.msg);
    expect(messages).toContain('rate-limit counter unavailable: counting in this instance only');
    expect(messages).toContain('rate-limit counter recovered');
  });
});
