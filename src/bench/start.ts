/**
 * The bot as the README starts it: `npm start` with no token. Its prestart bundle is run (and timed) once,
 * then the start script's node command is timed from the moment it is run to the first answer, in a
 * terminal (the terminal chat, ready first) and over the web chat's socket (Botkit loads behind the
 * terminal chat), with the bot process's peak memory.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPaths, initialState, loadEngine } from '../engine/index.js';

/** The `ws` client the web chat's adapter depends on (not a dependency of ours), as the web tests use it. */
interface WsClient {
  send(data: string): void;
  close(): void;
  on(event: 'message', listener: (data: unknown) => void): this;
  once(event: 'open', listener: () => void): this;
  once(event: 'error', listener: (error: Error) => void): this;
}
const requireFromAdapter = createRequire(createRequire(import.meta.url).resolve('botbuilder-adapter-web'));
const WebSocketClient = requireFromAdapter('ws') as new (
  url: string,
  options: { headers: Record<string, string> },
) => WsClient;

export interface StartFigures {
  /** The command timed. */
  command: string;
  /** `npm run prestart` (the esbuild bundle), run once before the bot is started. */
  bundleMs: number;
  /** From starting the bot (the start script's node command) to the "Web chat: http://..." line. */
  readyMs: number;
  /** From starting the bot to the first answer to a question over the web chat. */
  firstAnswerMs: number;
  /** From starting the bot in a terminal to its terminal chat prompt. */
  terminalReadyMs: number | null;
  /** From starting the bot in a terminal to the first answer there (the question typed at the prompt). */
  terminalFirstAnswerMs: number | null;
  /** Peak resident memory (VmHWM) of the node process running the bot, when /proc tells. */
  peakRssMb: number | null;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const procFile = (pid: number, name: string): string => {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return '';
  }
};

const processTree = (pid: number): number[] => {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`))
      children.push(
        ...procFile(pid, `task/${task}/children`).trim().split(/\s+/).filter(Boolean).map(Number),
      );
  } catch {
    // not Linux, or gone
  }
  return [pid, ...children.flatMap(processTree)];
};

/** The largest peak RSS among the node processes of the tree that are not npm itself. */
const botPeakRssMb = (pid: number): number | null => {
  let peak: number | null = null;
  for (const member of processTree(pid)) {
    const line = procFile(member, 'cmdline').replaceAll('\0', ' ');
    if (!/\bnode\b/.test(line) || /npm(-cli)?(\.js)?\s+start/.test(line) || /\bnpm start\b/.test(line))
      continue;
    const kb = /VmHWM:\s+(\d+) kB/.exec(procFile(member, 'status'))?.[1];
    if (kb) peak = Math.max(peak ?? 0, Number(kb) / 1024);
  }
  return peak;
};

const QUESTION = 'why do my calves cramp at night?';

/** The node command of package.json's start script (what `npm start` runs after its prestart bundle). */
const startCommand = (root: string): string[] => {
  const scripts = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const words = (scripts.start ?? '').split(/\s+/).filter(Boolean);
  if (words[0] !== 'node') throw new Error(`the start script is not a node command: ${scripts.start}`);
  return [process.execPath, ...words.slice(1)];
};

const botEnv = (folder: string, port: number): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? folder,
  PORT: String(port),
  SESSION_DB_PATH: join(folder, 's.sqlite'),
  TERM: 'dumb',
});

const waitFor = async (done: () => boolean, failed: () => boolean, timeoutMs: number, what: string) => {
  const giveUp = performance.now() + timeoutMs;
  while (!done()) {
    if (failed() || performance.now() > giveUp) throw new Error(what);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

/**
 * The bot in a terminal (a pseudo-terminal from util-linux `script`, so stdin is a TTY as for a person):
 * the question is typed as soon as the prompt shows; the answer is recognised by the start of the text
 * the engine gives to that question. Null figures where `script` is missing.
 */
const benchTerminal = async (
  root: string,
  command: string[],
  answerStart: string,
  timeoutMs: number,
): Promise<{ readyMs: number; firstAnswerMs: number } | null> => {
  const folder = mkdtempSync(join(tmpdir(), 'crampbot-bench-tty-'));
  const quoted = command.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  const begun = performance.now();
  const child = spawn('script', ['-qfec', quoted, '/dev/null'], {
    cwd: root,
    detached: true,
    env: botEnv(folder, await freePort()),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let missing = false;
  child.once('error', () => {
    missing = true;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    const failed = () => missing || child.exitCode !== null;
    await waitFor(() => output.includes('/quit.'), failed, timeoutMs, 'no terminal chat prompt');
    const readyMs = performance.now() - begun;
    const from = output.length;
    child.stdin.write(`${QUESTION}\n`);
    await waitFor(() => output.slice(from).includes(answerStart), failed, timeoutMs, 'no terminal answer');
    return { readyMs, firstAnswerMs: performance.now() - begun };
  } catch (error) {
    if (missing) return null;
    throw error;
  } finally {
    await stopAndClean(child, folder);
  }
};

/** Stops the bot's whole process group, waits for it to exit, and removes its scratch folder. */
const stopAndClean = async (child: ChildProcess, folder: string): Promise<void> => {
  try {
    process.kill(-(child.pid as number), 'SIGTERM');
  } catch {
    // already gone
  }
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  rmSync(folder, { recursive: true, force: true });
};

/** The first words of the engine's answer to QUESTION, to recognise the answer in the terminal. */
const answerStartOf = (root: string): string => {
  const engine = loadEngine(defaultPaths(root), { snapshotDir: null });
  const [first] = engine.respond(initialState(), { type: 'text', text: QUESTION }).messages;
  return (first?.text ?? '').trim().split('\n')[0]?.slice(0, 24) ?? '';
};

export const benchStart = async (root: string, timeoutMs = 60_000): Promise<StartFigures> => {
  const answerStart = answerStartOf(root);
  const npm = process.env.npm_execpath;
  const bundleBegun = performance.now();
  const bundle = spawnSync(
    npm ? process.execPath : 'npm',
    npm ? [npm, 'run', 'prestart'] : ['run', 'prestart'],
    {
      cwd: root,
      stdio: 'ignore',
    },
  );
  if (bundle.status !== 0) throw new Error('npm run prestart failed');
  const bundleMs = performance.now() - bundleBegun;
  const command = startCommand(root);
  const terminal = await benchTerminal(root, command, answerStart, timeoutMs);
  const folder = mkdtempSync(join(tmpdir(), 'crampbot-bench-start-'));
  const port = await freePort();
  const begun = performance.now();
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: root,
    detached: true,
    env: botEnv(folder, port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await waitFor(
      () => output.includes(`Web chat: http://127.0.0.1:${port}`),
      () => child.exitCode !== null,
      timeoutMs,
      `npm start did not start: ${output.trim().split('\n').slice(-3).join(' | ')}`,
    );
    const readyMs = performance.now() - begun;
    const base = `http://127.0.0.1:${port}`;
    const socket = new WebSocketClient(`ws://127.0.0.1:${port}/chat/socket`, { headers: { Origin: base } });
    const messages: Array<{ type?: string }> = [];
    let notify = () => {};
    socket.on('message', (data) => {
      messages.push(JSON.parse(String(data)) as { type?: string });
      notify();
    });
    const nextMessage = (from: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer from the web chat')), timeoutMs);
        notify = () => {
          if (messages.slice(from).some((frame) => frame.type === 'message')) {
            clearTimeout(timer);
            resolve();
          }
        };
        notify();
      });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.send(JSON.stringify({ type: 'hello' }));
    await nextMessage(0);
    const from = messages.length;
    socket.send(JSON.stringify({ type: 'message', text: QUESTION }));
    await nextMessage(from);
    const firstAnswerMs = performance.now() - begun;
    socket.close();
    // Botkit loads after the first answers (web/botkit.ts): the peak memory counts once it is in. A build
    // that loads Botkit before it listens (as before 'background') never says so: give up after a while.
    await waitFor(
      () => output.includes('Botkit loaded'),
      () => child.exitCode !== null,
      Math.min(timeoutMs, 15_000),
      'Botkit did not load',
    ).catch(() => {});
    return {
      command: 'npm start',
      bundleMs,
      readyMs,
      firstAnswerMs,
      terminalReadyMs: terminal?.readyMs ?? null,
      terminalFirstAnswerMs: terminal?.firstAnswerMs ?? null,
      peakRssMb: botPeakRssMb(child.pid as number),
    };
  } finally {
    await stopAndClean(child, folder);
  }
};
