import { Socket } from 'node:net';
import { Redis } from 'ioredis';

/**
 * The Redis to test against: REDIS_URL, or a redis-server on 127.0.0.1:6379 (what .ci/run starts).
 * Resolves undefined when nothing answers PING there, so Redis tests can skip with a clear message.
 */
export const findRedis = async (): Promise<string | undefined> => {
  const url = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname;
    port = Number(parsed.port || 6379);
  } catch {
    return undefined;
  }
  return (await pingRedis(host, port)) ? url : undefined;
};

/** Whether a Redis server answers PING at host:port within a second. */
export const pingRedis = (host: string, port: number): Promise<boolean> =>
  new Promise<boolean>((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) =>
      done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')),
    );
    socket.connect(port, host, () => socket.write('PING\r\n'));
  });

export const skipMessage = (what: string) =>
  `${what} skipped: no redis-server answered at ${process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379'} (set REDIS_URL or start redis-server to run them)`;

/** The bot id telegram-test-api's getMe answers for every token. */
export const EMULATOR_BOT_ID = 666;

/**
 * Forgets which updates a bot has handled (the `crampbot:update:<bot>:*` ledger). telegram-test-api starts
 * update ids at 1 on every start and its button presses carry no date, so a test run against the same
 * Redis as an earlier one sends updates identical to ones handled then; the bot rightly drops those as
 * duplicates. Tests that run the bot on the emulator with a long-lived Redis call this first.
 */
export const forgetHandledUpdates = async (url: string, botId: number): Promise<void> => {
  const client = new Redis(url);
  try {
    const keys = await client.keys(`crampbot:update:${botId}:*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
};
