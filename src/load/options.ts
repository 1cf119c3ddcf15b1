import { parseArgs } from 'node:util';

/** What one load run does; every number is bounded, and every target is on this machine. */
export interface LoadOptions {
  durationSeconds: number;
  connections: number;
  /** Updates per second to aim at; unset means as fast as the instance answers. */
  rate: number | undefined;
  /** An instance already running (its webhook URL and secret); unset means start one. */
  url: string | undefined;
  secret: string | undefined;
  /** Redis for the instance this script starts (sessions in SQLite otherwise). */
  redisUrl: string | undefined;
  json: boolean;
}

export const LIMITS = {
  durationSeconds: { min: 1, max: 600, default: 60 },
  connections: { min: 1, max: 256, default: 8 },
  rate: { min: 1, max: 50_000 },
  /** Whatever the duration and rate, no run sends more updates than this. */
  maxUpdates: 5_000_000,
} as const;

export class LoadOptionsError extends Error {
  override name = 'LoadOptionsError';
}

export const USAGE = `npm run load -- [options]      (each option also as an environment variable)
  --duration <s>       LOAD_DURATION     how long to send, ${LIMITS.durationSeconds.min}-${LIMITS.durationSeconds.max} s (default ${LIMITS.durationSeconds.default})
  --connections <n>    LOAD_CONNECTIONS  concurrent connections, ${LIMITS.connections.min}-${LIMITS.connections.max} (default ${LIMITS.connections.default})
  --rate <n>           LOAD_RATE         aim at n updates/s instead of as many as the instance answers
  --url <url>          LOAD_URL          an instance already running (webhook URL on 127.0.0.1 or localhost)
  --secret <s>         LOAD_SECRET       its WEBHOOK_SECRET (required with --url)
  --redis <url>        LOAD_REDIS_URL    Redis for the instance this script starts (loopback only)
  --json                                 print the figures as JSON
Without --url it starts src/main.ts in webhook mode on 127.0.0.1, with a fake Bot API on 127.0.0.1 for
its replies, and stops both at the end. Only loopback targets are accepted.`;

/** 127.0.0.0/8, ::1 and localhost: the only hosts this script sends to. */
export const isLoopbackUrl = (value: string): boolean => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
};

const bounded = (
  name: string,
  raw: string | undefined,
  limits: { min: number; max: number },
  fallback?: number,
) => {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < limits.min || value > limits.max)
    throw new LoadOptionsError(
      `${name} must be a whole number from ${limits.min} to ${limits.max}, not "${raw}"`,
    );
  return value;
};

const loopbackOnly = (name: string, value: string | undefined, protocols: string[]): string | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  if (!isLoopbackUrl(value) || !protocols.includes(new URL(value).protocol))
    throw new LoadOptionsError(
      `${name} must be a ${protocols.join(' or ')} URL on this machine (127.0.0.1, ::1 or localhost), not "${value}"`,
    );
  return value;
};

/** Flags win over environment variables; anything out of bounds or off this machine is refused. */
export const parseLoadOptions = (argv: string[], env: NodeJS.ProcessEnv): LoadOptions | 'help' => {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        duration: { type: 'string' },
        connections: { type: 'string' },
        rate: { type: 'string' },
        url: { type: 'string' },
        secret: { type: 'string' },
        redis: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new LoadOptionsError((error as Error).message);
  }
  if (values.help) return 'help';
  const text = (flag: string, variable: string) => (values[flag] as string | undefined) ?? env[variable];
  const url = loopbackOnly('--url', text('url', 'LOAD_URL'), ['http:', 'https:']);
  const secret = text('secret', 'LOAD_SECRET');
  if (url && !secret)
    throw new LoadOptionsError('--secret is required with --url (the instance’s WEBHOOK_SECRET)');
  return {
    durationSeconds: bounded(
      '--duration',
      text('duration', 'LOAD_DURATION'),
      LIMITS.durationSeconds,
      LIMITS.durationSeconds.default,
    ) as number,
    connections: bounded(
      '--connections',
      text('connections', 'LOAD_CONNECTIONS'),
      LIMITS.connections,
      LIMITS.connections.default,
    ) as number,
    rate: bounded('--rate', text('rate', 'LOAD_RATE'), LIMITS.rate),
    url,
    secret,
    redisUrl: loopbackOnly('--redis', text('redis', 'LOAD_REDIS_URL'), ['redis:']),
    json: values.json === true,
  };
};
