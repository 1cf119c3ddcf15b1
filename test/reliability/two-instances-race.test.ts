import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionStore, type SessionStore } from '../../src/sessions/index.js';
import { redisForTests } from '../kit/redis-server.js';
import { createTestBot } from '../kit/test-bot.js';
import { createUpdates, person } from '../kit/updates.js';

/**
 * Two instances, one Redis, one person who presses a country button and sends a question at the same
 * moment, each landing on a different instance. Per-chat order inside one process does not help here;
 * the write must not be computed from a state the other instance has changed in the meantime.
 */
const RUNS = 20;
const redis = await redisForTests('The two-instance race test');
const folder = mkdtempSync(join(tmpdir(), 'crampbot-race-'));
afterAll(async () => {
  await redis?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(!redis)('two instances, a button press and a question at once', () => {
  it(`never lose the chosen country (${RUNS} runs)`, async () => {
    const stores: SessionStore[] = [];
    const open = async () => {
      const store = await createSessionStore({
        sqlitePath: join(folder, `${stores.length}.sqlite`),
        redisUrl: redis?.url,
      });
      stores.push(store);
      return store;
    };
    const [storeA, storeB] = [await open(), await open()];
    const a = createTestBot({ storage: storeA.adapter, updates: storeA.updates });
    const b = createTestBot({ storage: storeB.adapter, updates: storeB.updates });
    const lost: number[] = [];
    try {
      for (let run = 0; run < RUNS; run += 1) {
        const from = person(7_000_000 + run + Math.floor(Math.random() * 1_000_000) * 100);
        const updates = createUpdates(run * 10 + Math.floor(Math.random() * 1_000_000));
        // Known to the bot already: one earlier question.
        await a.send(updates.message('why do my calves cramp at night', { from }));
        await Promise.all([
          a.send(updates.callback('c:GB', { from })),
          b.send(updates.message('what helps during a cramp', { from })),
        ]);
        const stored = (await storeA.adapter.read(`telegram:${from.id}`))?.engine;
        if (stored?.country !== 'GB') lost.push(run);
        await storeA.adapter.delete(`telegram:${from.id}`);
      }
    } finally {
      for (const store of stores) await store.close();
    }
    expect(lost, `runs that lost the country: ${lost.join(', ')}`).toEqual([]);
  }, 60_000);
});
