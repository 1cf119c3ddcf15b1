/**
 * The bot as the README starts it: `npm start` with no token (the local web chat), timed from the moment
 * the command is run to the first answer over the web chat's socket, and the bot process's peak memory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  /** From running the command to the "Web chat: http://..." line (includes npm and the prestart bundle). */
  readyMs: number;
  /** From running the command to the first answer to a question over the web chat. */
  firstAnswerMs: number;
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

export const benchStart = async (root: string, timeoutMs = 60_000): Promise<StartFigures> => {
  const folder = mkdtempSync(join(tmpdir(), 'crampbot-bench-start-'));
  const port = await freePort();
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm, 'start']] : ['npm', ['start']];
  const begun = performance.now();
  const child = spawn(command, args as string[], {
    cwd: root,
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? folder,
      PORT: String(port),
      SESSION_DB_PATH: join(folder, 's.sqlite'),
    },
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
    const giveUp = begun + timeoutMs;
    while (!output.includes(`Web chat: http://127.0.0.1:${port}`)) {
      if (child.exitCode !== null || performance.now() > giveUp)
        throw new Error(`npm start did not start: ${output.trim().split('\n').slice(-3).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
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
    return { command: 'npm start', readyMs, firstAnswerMs, peakRssMb: botPeakRssMb(child.pid as number) };
  } finally {
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(folder, { recursive: true, force: true });
  }
};
