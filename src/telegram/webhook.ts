import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';
import { describeError } from './errors.js';
import { UpdateInProgressElsewhere } from './features/dedupe.js';

/** Local path Telegram posts updates to (a reverse proxy may expose it under another public URL). */
export const WEBHOOK_PATH = '/telegram/webhook';

/** Real updates are a few kilobytes; 1 MiB leaves room for big ones and stops abuse early. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Stops taking updates (503, so Telegram delivers them again later) and waits for those in flight. */
  drain(): Promise<void>;
  /** Updates being processed right now. */
  inFlight(): number;
}

export interface WebhookOptions {
  maxBodyBytes?: number;
}

/**
 * Real updates nest a dozen levels at most (a reply inside a message inside a callback query, keyboards as
 * arrays of arrays). Far deeper JSON is not from Telegram, and code that walks an update recursively (the
 * duplicate check hashes JSON.stringify(update)) would overflow the stack on it.
 */
export const MAX_JSON_DEPTH = 64;

class BodyTooLarge extends Error {}

/** Whether JSON text nests objects and arrays deeper than `limit`; one pass over the text, no recursion. */
export const nestsDeeperThan = (json: string, limit: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const char = json.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x7d || char === 0x5d) depth -= 1;
  }
  return false;
};

/** Compares digests, so neither the secret's content nor its length leaks through timing. */
const sameSecret = (given: string | string[] | undefined, expected: string): boolean => {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
};

const isJson = (contentType: string | undefined): boolean =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';

const readBody = (req: IncomingMessage, maxBytes: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });

const isUpdate = (value: unknown): value is Update =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Number.isSafeInteger((value as { update_id?: unknown }).update_id);

const send = (res: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): void => {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
};

/**
 * The webhook endpoint as a plain Node request handler (mount it on POST WEBHOOK_PATH). It rejects
 * everything that is not Telegram: wrong method 405, missing or wrong X-Telegram-Bot-Api-Secret-Token
 * 401, not JSON 415, too big 413, not an update (or nested deeper than any update) 400. Good updates go to bot.handleUpdate and the answer
 * (200) is sent when the update has been handled, so Telegram re-delivers it if the process dies midway.
 */
export const createWebhookHandler = (
  bot: Bot<BotContext>,
  secret: string,
  logger: Logger,
  options: WebhookOptions = {},
): WebhookHandler => {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let draining = false;
  let active = 0;
  let idle: (() => void) | undefined;

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return send(res, 405, { Allow: 'POST' }, 'method not allowed');
    if (!sameSecret(req.headers[SECRET_HEADER], secret)) return send(res, 401, {}, 'unauthorized');
    if (!isJson(req.headers['content-type'])) return send(res, 415, {}, 'expected application/json');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) return send(res, 413, { Connection: 'close' }, 'payload too large');
    if (draining) return send(res, 503, { 'Retry-After': '5' }, 'shutting down');

    let raw: Buffer;
    try {
      raw = await readBody(req, maxBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // Stop reading an oversized body: answer, then drop the connection.
        res.once('finish', () => req.destroy());
        return send(res, 413, { Connection: 'close' }, 'payload too large');
      }
      return send(res, 400, {}, 'unreadable body');
    }
    const text = raw.toString('utf8');
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return send(res, 400, {}, 'JSON nested too deeply');
    let update: unknown;
    try {
      update = JSON.parse(text);
    } catch {
      return send(res, 400, {}, 'malformed JSON');
    }
    if (!isUpdate(update)) return send(res, 400, {}, 'not a Telegram update');

    active += 1;
    try {
      if (!bot.isInited()) await bot.init();
      await bot.handleUpdate(update);
      send(res, 200);
    } catch (error) {
      if (error instanceof BotError && error.error instanceof UpdateInProgressElsewhere) {
        // Another instance is answering it right now; if that one dies, Telegram's retry lands here again.
        return send(res, 503, { 'Retry-After': '5' }, 'update in progress elsewhere');
      }
      // bot.catch handles feature errors; reaching here means grammY itself failed (e.g. getMe).
      logger.error({ update_id: update.update_id, err: describeError(error) }, 'webhook update failed');
      send(res, 500, {}, 'update failed');
    } finally {
      active -= 1;
      if (active === 0) idle?.();
    }
  };

  const drain = (): Promise<void> => {
    draining = true;
    if (active === 0) return Promise.resolve();
    return new Promise((resolve) => {
      idle = resolve;
    });
  };

  return Object.assign(handler, { drain, inFlight: () => active });
};
