import { Socket } from 'node:net';

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
  const answers = await new Promise<boolean>((resolve) => {
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
  return answers ? url : undefined;
};

export const skipMessage = (what: string) =>
  `${what} skipped: no redis-server answered at ${process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379'} (set REDIS_URL or start redis-server to run them)`;
