import type { ApiClientOptions } from 'grammy';
import { BOT_USER } from './updates.js';

/** One Bot API call the bot made. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

type ApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/**
 * A fake Bot API behind grammY's `client.fetch` seam: every call is recorded, sensible results come
 * back, and tests can make chosen methods fail. Going through `fetch` (rather than a transformer in
 * front) keeps the bot's own transformers, such as auto-retry, in the path under test.
 */
export const createFakeTelegram = () => {
  const calls: ApiCall[] = [];
  const failures = new Map<string, ApiResponse[]>();
  let nextMessageId = 9000;

  const success = (method: string, payload: Record<string, unknown>): ApiResponse => {
    switch (method) {
      case 'getMe':
        return { ok: true, result: BOT_USER };
      case 'sendMessage':
        return {
          ok: true,
          result: {
            message_id: nextMessageId++,
            date: 1_764_000_000,
            chat: { id: payload.chat_id, type: 'private' },
            from: BOT_USER,
            text: payload.text,
          },
        };
      default:
        return { ok: true, result: true };
    }
  };

  const fetch = async (url: string, init: { body?: unknown }) => {
    const method = url.slice(url.lastIndexOf('/') + 1);
    const payload = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    calls.push({ method, payload });
    const queued = failures.get(method);
    const response = queued?.shift() ?? success(method, payload);
    return { json: async () => response };
  };

  return {
    /** Pass as `client.fetch` to createBot. */
    fetch: fetch as unknown as NonNullable<ApiClientOptions['fetch']>,
    calls,
    /** The calls of one method, in order. */
    callsOf: (method: string) => calls.filter((call) => call.method === method),
    /** Texts of the messages the bot sent, in order. */
    sentTexts: () =>
      calls.filter((call) => call.method === 'sendMessage').map((call) => String(call.payload.text)),
    /** Makes the next `times` calls of `method` fail with a Bot API error. */
    failNext: (
      method: string,
      error: { error_code: number; description: string; retry_after?: number },
      times = 1,
    ) => {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) {
        queue.push({
          ok: false,
          error_code: error.error_code,
          description: error.description,
          ...(error.retry_after !== undefined ? { parameters: { retry_after: error.retry_after } } : {}),
        });
      }
      failures.set(method, queue);
    },
    /** Makes every call of `method` fail until cleared. */
    failAlways: (method: string, error: { error_code: number; description: string }) => {
      failures.set(
        method,
        new Proxy([] as ApiResponse[], {
          get: (target, property) =>
            property === 'shift' ? () => ({ ok: false, ...error }) : Reflect.get(target, property),
        }),
      );
    },
    clear: () => {
      calls.length = 0;
      failures.clear();
    },
  };
};

export type FakeTelegram = ReturnType<typeof createFakeTelegram>;
