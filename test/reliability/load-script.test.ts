import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, LIMITS, parseLoadOptions } from '../../src/load/options.js';

/**
 * `npm run load` (src/cli/load.ts): bounded, loopback only, and working end to end. The 60-second run
 * whose figures are in docs/production.md is run by hand; here a two-second run shows that the script
 * starts the bot, sends updates, reads the answers and passes only when every update got a 200.
 */
const LOAD = fileURLToPath(new URL('../../src/cli/load.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));

const runLoad = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, LOAD, ...args], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });

describe('npm run load: options', () => {
  it('accepts only targets on this machine', () => {
    for (const url of [
      'http://127.0.0.1:3000/telegram/webhook',
      'http://localhost:8080/x',
      'http://[::1]:3000/',
      'http://127.1.2.3/',
    ])
      expect(isLoopbackUrl(url), url).toBe(true);
    for (const url of [
      'http://example.com/',
      'http://10.0.0.1:3000/',
      'http://127.0.0.1.example.com/',
      'http://0.0.0.0:3000/',
      'not a url',
    ])
      expect(isLoopbackUrl(url), url).toBe(false);
    expect(() =>
      parseLoadOptions(['--url', 'https://bot.example.com/telegram/webhook', '--secret', 's'], {}),
    ).toThrow(/on this machine/);
    expect(() => parseLoadOptions([], { LOAD_REDIS_URL: 'redis://redis.internal:6379' })).toThrow(
      /on this machine/,
    );
  });

  it('keeps duration and connections within bounds, and wants the secret with a URL', () => {
    expect(parseLoadOptions([], {})).toMatchObject({
      durationSeconds: 60,
      connections: LIMITS.connections.default,
    });
    expect(
      parseLoadOptions(['--duration', '5'], { LOAD_CONNECTIONS: '4', LOAD_DURATION: '9' }),
    ).toMatchObject({
      durationSeconds: 5,
      connections: 4,
    });
    for (const args of [
      ['--duration', '0'],
      ['--duration', '601'],
      ['--connections', '257'],
      ['--rate=-1'],
      ['--duration', '1.5'],
    ])
      expect(() => parseLoadOptions(args, {}), args.join(' ')).toThrow(/whole number/);
    expect(() => parseLoadOptions(['--url', 'http://127.0.0.1:3000/telegram/webhook'], {})).toThrow(
      /--secret/,
    );
    expect(() => parseLoadOptions(['--bogus'], {})).toThrow();
  });

  it('refuses a remote target with exit code 2, before sending anything', async () => {
    const { code, stderr } = await runLoad([
      '--url',
      'http://192.0.2.1:3000/telegram/webhook',
      '--secret',
      'x',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/on this machine/);
  });
});

describe('npm run load: a short run', () => {
  it('starts the bot with a fake Bot API, sends updates for 2 s, and reports every one answered', async () => {
    const { code, stdout, stderr } = await runLoad(['--duration', '2', '--connections', '2', '--json']);
    expect(code, stderr).toBe(0);
    const figures = JSON.parse(stdout) as {
      answered: number;
      errors: number;
      non2xx: number;
      latencyMs: { p99: number };
      botApiCalls: { sendMessage: number };
    };
    expect(figures.answered).toBeGreaterThan(0);
    expect(figures).toMatchObject({ errors: 0, non2xx: 0 });
    expect(figures.latencyMs.p99).toBeGreaterThan(0);
    // Replies went out for the updates (most get more than one message).
    expect(figures.botApiCalls.sendMessage).toBeGreaterThanOrEqual(figures.answered);
  }, 60_000);
});
