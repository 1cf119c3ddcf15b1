import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER_QUEUE } from '../../src/diary/bull-scheduler.js';
import { startBotApiRelay } from '../kit/bot-api-relay.js';
import { startEmulator } from '../kit/emulator.js';
import { type RedisServer, redisServerForTests, startRedisServer } from '../kit/redis-server.js';
import {
  type Emulator,
  type Instance,
  logCramp,
  type Person,
  person,
  type Relay,
  startInstance,
  tempDir,
} from './helpers.js';

const binary = redisServerForTests('diary Redis tests');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A clock that runs like the real one but shows another date: BullMQ's delays are real time. */
const shiftedClock = () => {
  let shift = 0;
  return {
    now: () => Date.now() + shift,
    showNow: (at: string) => {
      shift = Date.parse(at) - Date.now();
    },
  };
};

/** Every key and value in Redis, as text, to look for anything about a person. */
const dumpRedis = async (client: Redis): Promise<string> => {
  const out: string[] = [];
  for (const key of await client.keys('*')) {
    const type = await client.type(key);
    let value: unknown;
    if (type === 'string') value = await client.get(key);
    else if (type === 'hash') value = await client.hgetall(key);
    else if (type === 'zset') value = await client.zrange(key, '0', '-1', 'WITHSCORES');
    else if (type === 'list') value = await client.lrange(key, 0, -1);
    else if (type === 'set') value = await client.smembers(key);
    else if (type === 'stream') value = await client.xrange(key, '-', '+');
    out.push(`${key} ${JSON.stringify(value)}`);
  }
  return out.join('\n');
};

/**
 * With REDIS_URL: diaries in Redis and reminders as BullMQ jobs. Two instances share one Redis; the one
 * that set the reminder is killed before it is due; the reminder still goes out exactly once. /forget then
 * leaves nothing about the person in Redis.
 */
describe.skipIf(!binary)('diary and reminders on Redis, two instances', () => {
  let emulator: Emulator;
  let relay: Relay;
  let redis: RedisServer;
  let client: Redis;
  const instances: Instance[] = [];
  const folder = tempDir();
  const token = 'diary-redis-token';
  const clock = shiftedClock();
  const prefix = 'test-bull';
  const userId = 987654321;
  let who: Person;

  const start = async (polling: boolean) => {
    const instance = await startInstance({
      emulator,
      relay,
      token,
      clock,
      sqlitePath: join(folder.dir, `unused-${instances.length}.sqlite`),
      redisUrl: redis.url,
      bullPrefix: prefix,
      polling,
    });
    instances.push(instance);
    return instance;
  };

  beforeAll(async () => {
    redis = await startRedisServer(binary as string);
    client = new Redis(redis.url);
    emulator = await startEmulator();
    relay = await startBotApiRelay(emulator);
    who = person(emulator, token, userId);
  });

  afterAll(async () => {
    for (const instance of instances) await instance.stop().catch(() => undefined);
    client?.disconnect();
    await relay?.stop();
    await emulator?.stop();
    await redis?.close();
    folder.remove();
  });

  it('sends a reminder once although two instances run, and the one that set it was killed', async () => {
    const first = await start(true);
    const second = await start(false);
    clock.showNow('2026-11-20T20:00:00Z');
    await logCramp(who, 'l', 's');
    await who.tap('d:x');
    await who.send('/remind 22:30');
    const set = await who.tap('d:z:0', 2);
    expect(set[1]?.text).toMatch(/^Done: every day at 22:30/);
    // Move the clock so that 22:30 is four seconds away in real time, and set the reminder again.
    clock.showNow('2026-11-20T22:29:56Z');
    await who.send('/remind 22:30');
    await first.stop();
    const third = await start(true);

    await pause(7000);
    const sent = [...first.sent, ...second.sent, ...third.sent];
    expect(sent).toEqual([userId]);
    const replies = await who.waitFor(who.received.length, () => true);
    expect(replies.filter((m) => m.text.startsWith('Bedtime calf stretch'))).toHaveLength(1);

    // The next evening's job is queued once, under the random reminder id.
    const queue = new Queue(REMINDER_QUEUE, { connection: { url: redis.url }, prefix });
    const delayed = (await queue.getDelayed()).filter((job) => job.name === 'remind');
    await queue.close();
    expect(delayed).toHaveLength(1);
    expect(delayed[0]?.data.dueAt).toBe(Date.parse('2026-11-21T22:30:00Z'));
    expect(delayed[0]?.id).toMatch(/^rem-[a-z0-9]{12}-\d+$/);
  }, 30_000);

  it("a person who blocked the bot (403) is unsubscribed, and tomorrow's job goes too", async () => {
    const [, , third] = instances;
    clock.showNow('2026-11-21T22:29:56Z');
    const [set] = await who.send('/remind 22:30');
    expect(set?.text).toMatch(/^Done: every day at 22:30/);
    relay.blocked.add(userId);
    const diaryKey = `telegram:${userId}`;
    const giveUp = Date.now() + 15_000;
    while ((await third?.diary.store.read(diaryKey))?.reminder !== null) {
      if (Date.now() > giveUp) throw new Error('the reminder was not removed');
      await pause(100);
    }
    relay.blocked.delete(userId);
    const sent = instances.flatMap((instance) => instance.sent);
    expect(sent).toEqual([userId]);
    const queue = new Queue(REMINDER_QUEUE, { connection: { url: redis.url }, prefix });
    await pause(300);
    expect((await queue.getDelayed()).filter((job) => job.name === 'remind')).toHaveLength(0);
    await queue.close();
  }, 30_000);

  it('/forget leaves nothing about the person in Redis', async () => {
    await who.send('why do my calves cramp at night', 2, (messages) =>
      messages.some((m) => /not a doctor/.test(m.text)),
    );
    const before = await dumpRedis(client);
    expect(before).toContain(`crampbot:diary:telegram:${userId}`);
    expect(before).toContain(`crampbot:session:telegram:${userId}`);
    const [forgot] = await who.send('/forget');
    expect(forgot?.text).toMatch(/deleted/);
    const after = await dumpRedis(client);
    expect(after).not.toContain(String(userId));
    const queue = new Queue(REMINDER_QUEUE, { connection: { url: redis.url }, prefix });
    expect((await queue.getDelayed()).filter((job) => job.name === 'remind')).toHaveLength(0);
    await queue.close();
  });
});
