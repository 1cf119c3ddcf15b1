import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../../src/load/fake-bot-api.js';
import { type RedisServer, redisServerForTests, startRedisServer } from '../kit/redis-server.js';
import { createUpdates, person } from '../kit/updates.js';
import { startWebhookInstance, type WebhookInstance } from '../kit/webhook-instance.js';

/**
 * Two `src/main.ts` processes in webhook mode behind one Redis, as behind a load balancer: a
 * conversation whose updates alternate between them continues as if there were one bot (each reads
 * what the other wrote), and the same update delivered to both, at the same moment or one after the
 * other, is answered once.
 */
const binary = redisServerForTests('The two-instance test');
const token = '666666:two-instances-token-for-tests';

describe.skipIf(!binary)('two instances, one conversation', () => {
  let redis: RedisServer;
  let api: FakeBotApi;
  let folder: string;
  let a: WebhookInstance;
  let b: WebhookInstance;

  beforeAll(async () => {
    redis = await startRedisServer(binary as string);
    api = await startFakeBotApi();
    folder = mkdtempSync(join(tmpdir(), 'crampbot-two-'));
    const instance = (name: string) =>
      startWebhookInstance({
        token,
        apiRoot: api.apiRoot,
        sqlitePath: join(folder, `${name}.sqlite`),
        redisUrl: redis.url,
        // One person sends a dozen updates within seconds here; the shared limit is tested elsewhere.
        env: { RATE_LIMIT_MESSAGES: '1000' },
      });
    [a, b] = await Promise.all([instance('a'), instance('b')]);
  });

  afterAll(async () => {
    await Promise.all([a?.main.stop('SIGKILL'), b?.main.stop('SIGKILL')]);
    await api?.close();
    await redis?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const from = person(1401);
  const updates = createUpdates();
  /** Texts sent to this person since `since` calls of sendMessage. */
  const textsSince = (since: number): string[] =>
    api
      .callsOf('sendMessage')
      .slice(since)
      .filter((call) => call.payload.chat_id === from.id)
      .map((call) => String(call.payload.text));
  const ask = async (instance: WebhookInstance, update: Update): Promise<string[]> => {
    const since = api.count('sendMessage');
    expect(await instance.deliver(update)).toBe(200);
    return textsSince(since);
  };

  it('alternating updates continue one conversation: each instance reads what the other wrote', async () => {
    // A: the first question, with the not-a-doctor note (stored: welcomed).
    const first = await ask(a, updates.message('why do my calves cramp at night', { from }));
    expect(first[0]).toMatch(/^Night cramps/);
    expect(first.join('\n')).toMatch(/not a doctor/);
    // B: chooses the country. A: a red flag, with that country's number, and no second note.
    expect((await ask(b, updates.callback('c:GB', { from }))).join('\n')).toMatch(/999/);
    const urgent = await ask(a, updates.message('my calf is swollen and hot', { from }));
    expect(urgent[0]).toMatch(/^⚠️[\s\S]*999/);
    expect(urgent.join('\n')).not.toMatch(/not a doctor/);
    // B: another question, still no note (A's first answer was remembered). A: /emergency, still GB.
    const second = await ask(b, updates.message('what helps during a cramp', { from }));
    expect(second[0]).toMatch(/^Stretch the muscle/);
    expect(second.join('\n')).not.toMatch(/not a doctor/);
    expect((await ask(a, updates.command('emergency', { from }))).join('\n')).toMatch(/999/);
    // B: /forget. A: the country is gone (the default number again).
    await ask(b, updates.command('forget', { from }));
    expect((await ask(a, updates.command('emergency', { from }))).join('\n')).toMatch(/112/);
  });

  it('the same update delivered to both at once is answered once; the refused copy is a duplicate later', async () => {
    const update = updates.message('why do my calves cramp at night', { from });
    const since = api.count('sendMessage');
    const statuses = await Promise.all([a.deliver(update), b.deliver(update)]);
    // One handled it (200). The other found it in progress (503: Telegram will retry) or done (200).
    expect(statuses).toContain(200);
    for (const status of statuses) expect([200, 503]).toContain(status);
    // Telegram retrying both, later: both are duplicates now.
    expect([await a.deliver(update), await b.deliver(update)]).toEqual([200, 200]);
    expect(textsSince(since).filter((text) => text.startsWith('Night cramps'))).toHaveLength(1);
  });

  it('the same update delivered to one and then the other is answered once', async () => {
    const update = updates.callback('i:first_aid', { from });
    const since = api.count('sendMessage');
    expect(await b.deliver(update)).toBe(200);
    expect(await a.deliver(update)).toBe(200);
    expect(textsSince(since).filter((text) => text.startsWith('Stretch the muscle'))).toHaveLength(1);
    // Both instances logged it: one answered, one dropped it as a duplicate.
    const logged = `${a.main.output().stderr}${b.main.output().stderr}`;
    expect(logged).toMatch(/"note":"duplicate_update"/);
  });

  it('both shut down cleanly', async () => {
    expect(await Promise.all([a.main.stop('SIGTERM'), b.main.stop('SIGTERM')])).toEqual([0, 0]);
  });
});
