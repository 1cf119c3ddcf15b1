import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX_LOADER = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));

/**
 * Runs `src/main.ts` (what `npm start` runs) as a child process with exactly the given environment;
 * `cwd` decides which knowledge base it loads (intents/ and knowledge/ under it).
 */
export const startMain = (env: Record<string, string>, cwd: string) => {
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    output: () => ({ stdout, stderr }),
    /** The process id, e.g. to check it is gone. */
    pid: child.pid,
    /**
     * Resolves once stdout (or stderr, where the JSON logs go) matches; rejects if the process exits
     * first or the deadline passes.
     */
    waitForOutput: async (
      pattern: RegExp,
      deadlineMs = 20_000,
      stream: 'stdout' | 'stderr' = 'stdout',
    ): Promise<void> => {
      const giveUp = Date.now() + deadlineMs;
      while (!pattern.test(stream === 'stdout' ? stdout : stderr)) {
        if (child.exitCode !== null || Date.now() > giveUp) {
          throw new Error(
            `main did not print ${pattern}; exit ${child.exitCode}\nstdout:\n${stdout}\nstderr:\n${stderr}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** Resolves with the exit code once the process ends by itself. */
    exited: () => exited,
    /** Sends a signal and resolves with the exit code (null when a signal such as SIGKILL ended it). */
    stop: async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
};
