import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** The last lines a process wrote, to show when it fails; a load run's log is far too long to keep. */
const tail = (lines = 40) => {
  const kept: string[] = [];
  return {
    add: (chunk: Buffer) => {
      kept.push(...chunk.toString().split('\n').filter(Boolean));
      if (kept.length > lines) kept.splice(0, kept.length - lines);
    },
    text: () => kept.join('\n'),
  };
};

export interface BotInstance {
  url: string;
  secret: string;
  /** Stops it as production would (SIGTERM) and resolves with its exit code. */
  stop(): Promise<number | null>;
  logTail(): string;
}

/**
 * `src/main.ts` exactly as `npm start` runs it, in webhook mode on 127.0.0.1 with production settings
 * (info-level logs, the default rate limit, SQLite sessions in a temporary folder unless Redis is given),
 * its Bot API pointed at `apiRoot`.
 */
export const startBotInstance = async (options: {
  apiRoot: string;
  redisUrl?: string | undefined;
}): Promise<BotInstance> => {
  const port = await freePort();
  const folder = mkdtempSync(join(tmpdir(), 'crampbot-load-'));
  const secret = randomBytes(24).toString('hex');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/main.ts')], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '',
      TELEGRAM_BOT_TOKEN: '700000:load-test-token-not-a-real-one',
      TELEGRAM_API_ROOT: options.apiRoot,
      BOT_MODE: 'webhook',
      WEBHOOK_SECRET: secret,
      WEBHOOK_URL: '',
      HOST: '127.0.0.1',
      PORT: String(port),
      WEB_CHAT: 'false',
      SESSION_DB_PATH: join(folder, 'sessions.sqlite'),
      REDIS_URL: options.redisUrl ?? '',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = tail();
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', log.add);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanUp = () => rmSync(folder, { recursive: true, force: true });

  const giveUp = Date.now() + 30_000;
  while (!/taking webhooks/.test(stdout)) {
    if (child.exitCode !== null || Date.now() > giveUp) {
      child.kill('SIGKILL');
      cleanUp();
      throw new Error(`the bot did not start (exit ${child.exitCode}):\n${stdout}\n${log.text()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    url: `http://127.0.0.1:${port}/telegram/webhook`,
    secret,
    logTail: log.text,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      cleanUp();
      return code;
    },
  };
};
