import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket } from './helpers.js';

/**
 * `npm run start:prod` as docs/production.md runs it: the compiled dist/ under plain Node with the
 * script's memory flags, default settings (so the web chat, and with it Botkit, is on). CI builds dist/
 * first (.ci/run); run alone, this test builds it when it is missing or older than src/.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DIST_MAIN = join(REPO, 'dist/main.js');
/** The resident memory docs/production.md promises for one instance (peak RSS, /proc's VmHWM). */
const PROMISED_PEAK_RSS_MB = 160;

const newestMtime = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }, 0);

const buildIfStale = () => {
  if (existsSync(DIST_MAIN) && statSync(DIST_MAIN).mtimeMs >= newestMtime(join(REPO, 'src'))) return;
  execFileSync(
    process.execPath,
    [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: REPO,
      stdio: 'inherit',
    },
  );
};

/** The Node flags of the start:prod script; the test fails if it stops being `node <flags> dist/main.js`. */
const startProdFlags = (): string[] => {
  const scripts = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;
  const match = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/main\.js$/.exec(scripts['start:prod'] ?? '');
  if (!match) throw new Error(`start:prod is not "node <flags> dist/main.js": ${scripts['start:prod']}`);
  return (match[1] as string).trim().split(/\s+/).filter(Boolean);
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Peak resident memory of a process in MB, from /proc (Linux); undefined elsewhere. */
const peakRssMb = (pid: number): number | undefined => {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
};

describe('npm run start:prod', () => {
  let child: ChildProcess | undefined;
  let output = '';
  let exited: Promise<number | null>;
  let folder: string;

  beforeAll(() => {
    buildIfStale();
    folder = mkdtempSync(join(tmpdir(), 'crampbot-prod-'));
  }, 180_000);

  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  it('starts with the defaults (web chat on), answers over the websocket within its memory, and stops cleanly', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [...startProdFlags(), DIST_MAIN], {
      cwd: REPO,
      // Nothing but where to listen and where to keep sessions: every other setting is the default.
      env: { PATH: process.env.PATH ?? '', PORT: String(port), SESSION_DB_PATH: join(folder, 's.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = child;
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    exited = new Promise((resolve) => started.once('exit', (code) => resolve(code)));

    const ready = new RegExp(`Web chat: http://127\\.0\\.0\\.1:${port}\\b`);
    const giveUp = Date.now() + 45_000;
    while (!ready.test(output)) {
      if (started.exitCode !== null || started.signalCode !== null || Date.now() > giveUp)
        throw new Error(
          `start:prod did not start (exit ${started.exitCode ?? started.signalCode}):\n${output}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const base = `http://127.0.0.1:${port}`;
    const socket = await openSocket(base, { Origin: base });
    socket.send({ type: 'hello' });
    await socket.waitFor((frame) => frame.type === 'message');
    const from = socket.frames.length;
    socket.send({ type: 'message', text: 'why do my calves cramp at night?' });
    const reply = await socket.waitFor((frame) => frame.type === 'message', from);
    expect(reply.text).toMatch(/night cramps/i);
    socket.close();

    const peak = peakRssMb(started.pid as number);
    if (peak !== undefined) expect(peak).toBeLessThan(PROMISED_PEAK_RSS_MB);

    started.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/heap out of memory|"level":50/);
  }, 90_000);
});
