import { z } from 'zod';
import type { Level, MessageKind, QuickReply } from '../engine/index.js';
import { MAX_TEXT_CHARS } from './limits.js';

/**
 * What the page and the server say to each other over the websocket, one JSON object per frame.
 *
 * Page → server: `{type:'hello'}` when the transcript is empty (the server answers with the welcome),
 * `{type:'message', text}`, `{type:'button', data}` for a quick reply, `{type:'reset'}` to start over.
 * Any other field, in particular Botkit's `user`, is dropped: the user is whoever the signed cookie says.
 *
 * Server → page: `{type:'message', text, kind, level, buttons, emergencyNumber?}` per bot message (the shape
 * Botkit's web adapter produces from `text` plus our channelData) and `{type:'error', code, text}`.
 */

export const clientFrameSchema = z.discriminatedUnion('type', [
  // `lang`: the page's language (browser or the page's switch), the default for the welcome and buttons.
  z.object({ type: z.literal('hello'), lang: z.enum(['en', 'ru']).optional() }),
  // Longer texts are let through here so that they get the "too long" notice rather than "bad frame".
  z.object({ type: z.literal('message'), text: z.string() }),
  z.object({ type: z.literal('button'), data: z.string().min(1).max(64) }),
  z.object({ type: z.literal('reset'), lang: z.enum(['en', 'ru']).optional() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export interface BotFrame {
  type: 'message';
  text: string;
  kind: MessageKind;
  level: Level;
  buttons: QuickReply[];
  emergencyNumber?: string;
  /** The diary's chart (image) or /mydata file, served from this server for a few minutes. */
  attachment?: { kind: 'image' | 'file'; url: string; name: string };
}

export type ErrorCode = 'too_long' | 'rate_limited' | 'bad_frame' | 'server_error';

export interface ErrorFrame {
  type: 'error';
  code: ErrorCode;
  text: string;
}

export type ServerFrame = BotFrame | ErrorFrame;

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; code: ErrorCode };

/** Parses one text frame; never throws. */
export const parseClientFrame = (raw: string): ParsedFrame => {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_frame' };
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (!parsed.success) return { ok: false, code: 'bad_frame' };
  if (parsed.data.type === 'message') {
    const text = parsed.data.text.trim();
    if (text.length > MAX_TEXT_CHARS) return { ok: false, code: 'too_long' };
    if (text === '') return { ok: false, code: 'bad_frame' };
    return { ok: true, frame: { type: 'message', text } };
  }
  return { ok: true, frame: parsed.data };
};
