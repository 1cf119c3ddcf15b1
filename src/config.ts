import { z } from 'zod';

/** Environment variables, validated once at start-up. `.env.example` documents each one. */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** `chat.example.com` or `chat.example.com:8443`: a host name (or IP address) as browsers send it in Host. */
const HOST_ENTRY =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

const publicHosts = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== ''),
  )
  .refine((entries) => entries.every((entry) => HOST_ENTRY.test(entry)), {
    message: 'a comma-separated list of host names as in the browser address bar, e.g. chat.example.com',
  });

/** How many reverse proxies in front of the server append to X-Forwarded-For; `true` means one. */
const proxyHops = z.string().transform((value, ctx) => {
  const flag = value.trim().toLowerCase();
  if (['true', 'yes', 'on'].includes(flag)) return 1;
  if (['false', 'no', 'off'].includes(flag)) return 0;
  const hops = Number(flag);
  if (/^\d{1,2}$/.test(flag) && hops <= 10) return hops;
  ctx.addIssue({
    code: 'custom',
    message: 'the number of reverse proxies in front of the server (0-10), or true (one) / false (none)',
  });
  return z.NEVER;
});
/** A blank value means the default, as for an unset variable. */
const blankIsDefault = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const envSchema = z.object({
  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC-DEF... (the token @BotFather gives you)')
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  WEBHOOK_URL: optionalString.pipe(z.url().optional()),
  WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_HOSTS: publicHosts,
  TRUST_PROXY: proxyHops.default(0),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WEB_CHAT: booleanFlag.default(true),
  WEB_CHAT_SECRET: optionalString.pipe(z.string().min(32, 'at least 32 characters').optional()),
  SESSION_DB_PATH: z.string().min(1).default('data/sessions.sqlite'),
  REDIS_URL: optionalString.pipe(z.url().optional()),
  DEFAULT_COUNTRY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Z]{2,3}$/, 'a country code from knowledge/emergency-numbers.yaml, e.g. EU, GB, US')
      .optional(),
  ),
  RATE_LIMIT_MESSAGES: z.coerce.number().int().min(1).default(5),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_MESSAGE_TEXT: booleanFlag.default(false),
  MATCH_THRESHOLD: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number().min(0).max(1).optional(),
  ),
  // Production hardening (issue 13): start-up calls to the Bot API, and how long idle sessions are kept.
  TELEGRAM_STARTUP_ATTEMPTS: z.preprocess(blankIsDefault, z.coerce.number().int().min(1).max(100).default(5)),
  TELEGRAM_STARTUP_TIMEOUT_MS: z.preprocess(
    blankIsDefault,
    z.coerce.number().int().min(100).max(120_000).default(10_000),
  ),
  SESSION_TTL_DAYS: z.preprocess(blankIsDefault, z.coerce.number().min(1).max(3650).default(90)),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * A blank value (`PORT=`, as `.env.example` leaves most of them) means "not set": the default applies.
 * Without this a blank PORT would coerce to 0 (a random port) and a blank LOG_LEVEL would be an error.
 */
export const withoutBlanks = (env: NodeJS.ProcessEnv): Record<string, string> => {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && value.trim() !== '') kept[name] = value;
  return kept;
};

/** Parses the environment with `schema` (blank values left out); a bad value throws a ConfigError naming it. */
export const parseEnv = <Schema extends z.ZodType>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.output<Schema> => {
  const result = schema.safeParse(withoutBlanks(env));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return result.data;
};

/** Parses the environment; a bad value throws a ConfigError that names the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const config = parseEnv(envSchema, env);
  if (config.BOT_MODE === 'webhook' && config.TELEGRAM_BOT_TOKEN) {
    if (!config.WEBHOOK_SECRET)
      throw new ConfigError('Invalid configuration:\n  WEBHOOK_SECRET: required when BOT_MODE=webhook');
  }
  return config;
};
