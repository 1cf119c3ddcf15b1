import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './emulator.js';
import { findRedis, pingRedis } from './redis.js';

/** The redis-server binary on PATH, if any. */
export const findRedisServerBinary = (): string | undefined => {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
};

/**
 * The binary for tests that stop and restart their own Redis. Locally they skip (with a message) when it
 * is missing; in CI (.ci/run installs it) a missing binary is an error, never a silent skip.
 */
export const redisServerForTests = (what: string): string | undefined => {
  const binary = findRedisServerBinary();
  if (binary) return binary;
  if (process.env.CI === 'true') throw new Error(`${what}: redis-server is not installed, but CI=true`);
  console.warn(`${what} skipped: no redis-server binary on PATH (apt-get install redis-server to run them)`);
  return undefined;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A redis-server of the test's own on a free loopback port, which the test can stop and start again on
 * the same port. It saves to its folder on a clean stop (SIGTERM with a save point configured), so data
 * written before an outage is there after it, as with a real Redis restart.
 */
export const startRedisServer = async (binary: string) => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'crampbot-redis-'));
  let child: ChildProcess | undefined;

  const waitUntil = async (up: boolean) => {
    const giveUp = Date.now() + 10_000;
    while ((await pingRedis('127.0.0.1', port)) !== up) {
      if (Date.now() > giveUp)
        throw new Error(`redis-server on port ${port} did not come ${up ? 'up' : 'down'}`);
      await pause(50);
    }
  };

  const start = async () => {
    // "save 3600 1" never triggers during a test, but makes a clean shutdown write dump.rdb.
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '3600 1'];
    const started = spawn(binary, [...args, '--appendonly', 'no', '--loglevel', 'warning'], {
      stdio: 'ignore',
    });
    child = started;
    await waitUntil(true);
  };

  /** Ends this server: SIGTERM saves first, SIGKILL does not. Resolves once the port is closed. */
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
    await waitUntil(false);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    /** Stops the server and removes its folder. */
    close: async () => {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export type RedisServer = Awaited<ReturnType<typeof startRedisServer>>;

/**
 * A Redis for tests that need one: REDIS_URL when set, otherwise a redis-server of the test's own (see
 * redisServerForTests for when that is missing). `close` stops only a server this started.
 */
export const redisForTests = async (
  what: string,
): Promise<{ url: string; close: () => Promise<void> } | undefined> => {
  const configured = process.env.REDIS_URL?.trim();
  if (configured) return { url: configured, close: async () => {} };
  const binary = redisServerForTests(what);
  if (!binary) return undefined;
  const server = await startRedisServer(binary);
  return { url: server.url, close: server.close };
};

/**
 * A Redis that already answers (REDIS_URL, or 127.0.0.1:6379 as .ci/run starts it), else one of the
 * test's own. Undefined only when neither exists (then the test skips, or fails in CI).
 */
export const findOrStartRedis = async (
  what: string,
): Promise<{ url: string; close: () => Promise<void> } | undefined> => {
  const running = await findRedis();
  if (running) return { url: running, close: async () => {} };
  return redisForTests(what);
};
