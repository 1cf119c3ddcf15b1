import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket } from './helpers.js';

/**
 * `npm start` exactly as the README gives it (no token: the local web chat on 127.0.0.1): the prestart step
 * bundles src/ (split, so what only a token or Redis needs stays unloaded) and the bot runs under plain
 * Node with the heap flags of start:prod, not under tsx (which alone costs about 85 MB). How fast it answers is measured by `npm run bench`, never asserted here.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/**
 * A guard against memory regressions of the bot process (under tsx it was 214-253 MB). The target is
 * 150 MB; on 28 November the bot peaked at 143-158 MB here depending on the machine's load (docs/eval.md;
 * Botkit's module tree is ~45 MB of it), so the target is reported as not met and this guard leaves room for
 * that spread while still failing on a regression of the tsx kind.
 */
const PEAK_RSS_LIMIT_MB = 175;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** The process and everything it started (npm -> sh -> node), from /proc (Linux). */
const processTree = (pid: number): number[] => {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`))
      children.push(
        ...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number),
      );
  } catch {
    // not Linux, or already gone
  }
  return [pid, ...children.flatMap(processTree)];
};

const procFile = (pid: number, name: string): string => {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return '';
  }
};

/**
 * Peak RSS (VmHWM) of the node process running the bot, or undefined where /proc cannot tell. The shell npm
 * starts carries the same command line, so the largest of the matching processes is the bot.
 */
const botPeakRssMb = (npmPid: number): number | undefined => {
  const peaks = processTree(npmPid)
    .filter((pid) => procFile(pid, 'cmdline').includes('dist/start/main.js'))
    .map((pid) => Number(/VmHWM:\s+(\d+) kB/.exec(procFile(pid, 'status'))?.[1] ?? 0) / 1024);
  const peak = Math.max(0, ...peaks);
  return peak > 0 ? peak : undefined;
};

describe('npm start (the README way)', () => {
  let child: ChildProcess | undefined;
  let output = '';
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'crampbot-start-'));
  });

  afterAll(() => {
    // npm, its shell and the bot share one process group.
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it('bundles, starts the local web chat with no token, answers a first message, under plain node', async () => {
    const port = await freePort();
    const npm = process.env.npm_execpath;
    const [command, args] = npm ? [process.execPath, [npm, 'start']] : ['npm', ['start']];
    child = spawn(command, args as string[], {
      cwd: REPO,
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? folder,
        PORT: String(port),
        SESSION_DB_PATH: join(folder, 's.sqlite'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = child;
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));

    const ready = new RegExp(`Web chat: http://127\\.0\\.0\\.1:${port}\\b`);
    // Both lines must be in before we look: the output arrives in chunks (this once raced in CI).
    const giveUp = Date.now() + 60_000;
    while (!(ready.test(output) && /No TELEGRAM_BOT_TOKEN set/.test(output))) {
      if (started.exitCode !== null || Date.now() > giveUp)
        throw new Error(`npm start did not start (exit ${started.exitCode}):\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(output).toMatch(/No TELEGRAM_BOT_TOKEN set/);

    const base = `http://127.0.0.1:${port}`;
    const socket = await openSocket(base, { Origin: base });
    socket.send({ type: 'hello' });
    await socket.waitFor((frame) => frame.type === 'message');
    const from = socket.frames.length;
    socket.send({ type: 'message', text: 'why do my calves cramp at night?' });
    const reply = await socket.waitFor((frame) => frame.type === 'message', from);
    expect(reply.text).toMatch(/night cramps/i);
    socket.close();

    const tree = processTree(started.pid as number).map((pid) => procFile(pid, 'cmdline'));
    if (tree.some(Boolean)) expect(tree.join('\n')).not.toMatch(/tsx/);
    const peak = botPeakRssMb(started.pid as number);
    if (peak !== undefined) expect(peak).toBeLessThan(PEAK_RSS_LIMIT_MB);

    process.kill(-(started.pid as number), 'SIGTERM');
    await exited;
    expect(output).not.toMatch(/heap out of memory|"level":50/);
  }, 120_000);

  // A pseudo-terminal from util-linux `script`, so stdin is a TTY as for a person at the keyboard.
  const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

  it.skipIf(!hasScript)(
    'in a terminal, the terminal chat is ready before the web chat and answers while the web chat comes up',
    async () => {
      // The first test ran the prestart bundle; this one runs the start script's node command in a terminal.
      const port = await freePort();
      const terminal = spawn(
        'script',
        [
          '-qfec',
          `'${process.execPath}' --max-old-space-size=96 --max-semi-space-size=1 --optimize-for-size dist/start/main.js`,
          '/dev/null',
        ],
        {
          cwd: REPO,
          detached: true,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? folder,
            PORT: String(port),
            SESSION_DB_PATH: join(folder, 'tty.sqlite'),
            TERM: 'dumb',
          },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let screen = '';
      terminal.stdout?.on('data', (chunk: Buffer) => {
        screen += chunk.toString();
      });
      const exited = new Promise((resolve) => terminal.once('exit', resolve));
      const waitFor = async (pattern: RegExp, from = 0) => {
        const giveUp = Date.now() + 60_000;
        while (!pattern.test(screen.slice(from))) {
          if (terminal.exitCode !== null || Date.now() > giveUp)
            throw new Error(`not seen ${pattern} (exit ${terminal.exitCode}):\n${screen}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      try {
        await waitFor(/Terminal chat: type a question/);
        const from = screen.length;
        terminal.stdin?.write('why do my calves cramp at night?\n');
        await waitFor(/night cramps/i, from);
        await waitFor(new RegExp(`Web chat: http://127\\.0\\.0\\.1:${port}\\b`));
        // The terminal chat did not wait for the web chat (Botkit) to load.
        expect(screen.indexOf('Terminal chat: type a question')).toBeLessThan(
          screen.indexOf('Web chat: http'),
        );
        terminal.stdin?.write('/quit\n');
        await exited;
      } finally {
        if (terminal.exitCode === null) process.kill(-(terminal.pid as number), 'SIGKILL');
      }
      expect(screen).not.toMatch(/heap out of memory|"level":50/);
    },
    120_000,
  );
});
