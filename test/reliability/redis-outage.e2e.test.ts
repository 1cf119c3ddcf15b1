import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../../src/load/fake-bot-api.js';
import { REDIS_SESSION_PREFIX } from '../../src/sessions/index.js';
import { type RedisServer, redisServerForTests, startRedisServer } from '../kit/redis-server.js';
import { createUpdates, person } from '../kit/updates.js';
import { startWebhookInstance, type WebhookInstance } from '../kit/webhook-instance.js';

/**
 * Redis stopped mid-run under `src/main.ts` (webhook mode, Redis sessions, rate limits and update
 * ledger): the bot keeps answering, statelessly, and red flags are still escalated; the outage is
 * logged; and once the same redis-server is back, the stored conversation is read again and writes go
 * through, without restarting the bot.
 */
const binary = redisServerForTests('The Redis outage test');

describe.skipIf(!binary)('Redis goes away and comes back', () => {
  let redis: RedisServer;
  let api: FakeBotApi;
  let folder: string;
  let instance: WebhookInstance | undefined;

  beforeAll(async () => {
    redis = await startRedisServer(binary as string);
    api = await startFakeBotApi();
    folder = mkdtempSync(join(tmpdir(), 'crampbot-outage-'));
  });

  afterAll(async () => {
    await instance?.main.stop('SIGKILL');
    await api?.close();
    await redis?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers through the outage (red flags escalated), logs it, and recovers by itself', async () => {
    instance = await startWebhookInstance({
      token: '555555:redis-outage-token-for-tests',
      apiRoot: api.apiRoot,
      sqlitePath: join(folder, 'unused.sqlite'),
      redisUrl: redis.url,
      // The recovery check below polls with many updates from one person.
      env: { RATE_LIMIT_MESSAGES: '1000' },
    });
    const { main, deliver } = instance;
    const updates = createUpdates();
    const from = person(1301);
    /** Delivers an update and returns the texts the bot sent for it. */
    const ask = async (update: Parameters<typeof deliver>[0]): Promise<string[]> => {
      const before = api.count('sendMessage');
      expect(await deliver(update)).toBe(200);
      return api
        .callsOf('sendMessage')
        .slice(before)
        .map((call) => String(call.payload.text));
    };
    const storedCountry = async (): Promise<string | undefined> => {
      const client = new Redis(redis.url);
      try {
        const raw = await client.get(`${REDIS_SESSION_PREFIX}telegram:1301`);
        return raw ? (JSON.parse(raw) as { engine: { country: string } }).engine.country : undefined;
      } finally {
        client.disconnect();
      }
    };

    expect((await ask(updates.callback('c:GB', { from }))).join('\n')).toMatch(/999/);
    expect(await storedCountry()).toBe('GB');

    await redis.stop('SIGTERM');
    expect((await ask(updates.message('why do my calves cramp at night', { from })))[0]).toMatch(
      /^Night cramps/,
    );
    const urgent = await ask(updates.message('my calf is swollen and hot', { from }));
    expect(urgent[0]).toMatch(/^⚠️/);
    // The chosen country is out of reach, so the default emergency number is given.
    expect(urgent[0]).toMatch(/112/);
    await main.waitForOutput(/"msg":"session store unavailable/, 5000, 'stderr');
    expect(main.output().stderr).not.toMatch(/something went wrong|"msg":"update failed"/);

    await redis.start();
    // ioredis reconnects in the background (every 2 s at most): within a few seconds the stored
    // country is read again.
    let recovered: string[] = [];
    for (let attempt = 0; attempt < 100; attempt += 1) {
      recovered = await ask(updates.command('emergency', { from }));
      if (/999/.test(recovered.join('\n'))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered.join('\n')).toMatch(/999/);
    await main.waitForOutput(/"msg":"session store recovered"/, 5000, 'stderr');

    // Writes go through again.
    await ask(updates.callback('c:AU', { from }));
    expect(await storedCountry()).toBe('AU');
    expect(await main.stop('SIGTERM')).toBe(0);
    instance = undefined;
  }, 120_000);
});
