import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../../src/config.js';
import { startMain } from '../kit/main-process.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CHAT = join(REPO, 'src/cli/chat.ts');
const TSX_LOADER = join(REPO, 'node_modules/tsx/dist/loader.mjs');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A working directory as a user's clone would be: the knowledge base, and a `.env` when given one. */
const workingDir = (dotEnv?: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'crampbot-env-'));
  folders.push(dir);
  symlinkSync(join(REPO, 'intents'), join(dir, 'intents'));
  symlinkSync(join(REPO, 'knowledge'), join(dir, 'knowledge'));
  if (dotEnv !== undefined) writeFileSync(join(dir, '.env'), dotEnv);
  return dir;
};

describe('blank environment variables', () => {
  it('mean "use the default" for every variable, as if they were not set', () => {
    const defaults = loadConfig({});
    for (const name of Object.keys(envSchema.shape)) {
      for (const blank of ['', '  '])
        expect(loadConfig({ [name]: blank }), `${name}="${blank}"`).toEqual(defaults);
    }
    expect(defaults.PORT).toBe(3000);
  });

  it('still reject a bad value, naming the variable', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ PUBLIC_HOSTS: 'https://chat.example.org/' })).toThrow(/PUBLIC_HOSTS/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});

describe('.env', () => {
  it('configures npm start when it exists; the environment wins over it', async () => {
    const port = await freePort();
    const dir = workingDir(
      [
        '# copied from .env.example and edited',
        `PORT=${port}`,
        'HOST=127.0.0.2',
        'WEB_CHAT=true',
        'TELEGRAM_BOT_TOKEN=',
      ].join('\n'),
    );
    // PORT comes from the file; HOST is in both, and the environment's wins.
    const main = startMain({ SESSION_DB_PATH: join(dir, 'sessions.sqlite'), HOST: '127.0.0.1' }, dir);
    try {
      await main.waitForOutput(new RegExp(`Web chat: http://127\\.0\\.0\\.1:${port}\\b`));
    } finally {
      expect(await main.stop()).toBe(0);
    }
  });

  it('configures npm run chat too (its emergency number), and is optional', () => {
    const chat = (cwd: string, env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['--import', TSX_LOADER, CHAT], {
        cwd,
        env: { PATH: process.env.PATH ?? '', ...env },
        input: 'crushing chest pain and I cannot breathe\n/quit\n',
        encoding: 'utf8',
        timeout: 60_000,
      });
    const british = chat(workingDir('DEFAULT_COUNTRY=GB\n'));
    expect(british.status).toBe(0);
    expect(british.stdout).toMatch(/\b999\b/);

    const american = chat(workingDir('DEFAULT_COUNTRY=GB\n'), { DEFAULT_COUNTRY: 'US' });
    expect(american.stdout).toMatch(/\b911\b/);
    expect(american.stdout).not.toMatch(/\b999\b/);

    const without = chat(workingDir());
    expect(without.status).toBe(0);
    expect(without.stdout).toMatch(/\b112\b/);
  });

  it('with a bad value stops npm start with a message naming the variable', () => {
    const dir = workingDir('PORT=not-a-port\n');
    const main = spawnSync(process.execPath, ['--import', TSX_LOADER, join(REPO, 'src/main.ts')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(main.status).toBe(1);
    expect(main.stderr).toMatch(/PORT/);
  });
});
