import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

/** A photo or file the bot uploaded, as the relay received it. */
export interface Upload {
  method: 'sendPhoto' | 'sendDocument';
  chatId: number;
  caption: string;
  filename: string;
  bytes: Buffer;
}

interface Part {
  name: string;
  filename?: string;
  content: Buffer;
}

/**
 * multipart/form-data as grammY writes it (unquoted filename, no space after the colons), which undici's
 * FormData parser refuses; small and only for this relay.
 */
const parseMultipart = (body: Buffer, contentType: string): Part[] => {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const from = start + delimiter.length;
    const end = body.indexOf(delimiter, from);
    if (end < 0) break;
    const chunk = body.subarray(from + 2, end - 2); // drop the CRLF after the delimiter and before the next
    const split = chunk.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = chunk.subarray(0, split).toString();
      const name = /name="?([^";\r\n]+)"?/i.exec(headers)?.[1];
      const filename = /filename="?([^";\r\n]+)"?/i.exec(headers)?.[1];
      if (name) parts.push({ name, ...(filename ? { filename } : {}), content: chunk.subarray(split + 4) });
    }
    start = end;
  }
  return parts;
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/**
 * A Bot API relay in front of telegram-test-api, for what the emulator lacks: it takes multipart uploads
 * (sendPhoto, sendDocument), keeps the bytes for the test and shows the upload in the chat as a bot message
 * whose text is the caption (so `waitFor` sees it); and it answers 403 "bot was blocked by the user" for
 * chats the test marks as blocked, as Telegram does. Everything else goes to the emulator unchanged.
 */
export const startBotApiRelay = async (emulator: { server: TelegramServer; apiRoot: string }) => {
  const uploads: Upload[] = [];
  const blocked = new Set<number>();
  const calls: { method: string; chatId: number | undefined }[] = [];

  const server = createServer(async (req, res) => {
    try {
      const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
      const body = await readBody(req);
      const token = match?.[1] ?? '';
      const method = match?.[2] ?? '';
      const type = req.headers['content-type'] ?? '';
      if (method === 'sendPhoto' || method === 'sendDocument') {
        const parts = parseMultipart(body, type);
        const field = (name: string) => parts.find((part) => part.name === name);
        const chatId = Number(field('chat_id')?.content.toString());
        calls.push({ method, chatId });
        const value = field(method === 'sendPhoto' ? 'photo' : 'document');
        // grammY sends the file as a separate part named by a random id and "attach://<id>" in the field.
        const reference = value?.content.toString() ?? '';
        const file = reference.startsWith('attach://') ? field(reference.slice(9)) : value;
        if (!file?.filename) return reply(res, 400, { ok: false, error_code: 400, description: 'no file' });
        const upload: Upload = {
          method,
          chatId,
          caption: field('caption')?.content.toString() ?? '',
          filename: file.filename,
          bytes: Buffer.from(file.content),
        };
        uploads.push(upload);
        const markup = field('reply_markup')?.content.toString();
        const message = emulator.server.addBotMessage(
          {
            chat_id: chatId,
            text: `[${method === 'sendPhoto' ? 'photo' : 'file'} ${upload.filename}] ${upload.caption}`,
            ...(typeof markup === 'string' ? { reply_markup: markup } : {}),
          } as never,
          token,
        );
        return reply(res, 200, { ok: true, result: message });
      }
      let chatId: number | undefined;
      if (type.includes('application/json') && body.length > 0) {
        const parsed = JSON.parse(body.toString()) as { chat_id?: unknown };
        if (typeof parsed.chat_id === 'number') chatId = parsed.chat_id;
        else if (typeof parsed.chat_id === 'string') chatId = Number(parsed.chat_id);
      }
      calls.push({ method, chatId });
      if (chatId !== undefined && blocked.has(chatId) && method.startsWith('send')) {
        return reply(res, 403, {
          ok: false,
          error_code: 403,
          description: 'Forbidden: bot was blocked by the user',
        });
      }
      const forwarded = await fetch(`${emulator.apiRoot}${req.url}`, {
        method: req.method ?? 'POST',
        headers: type ? { 'content-type': type } : {},
        ...(req.method === 'GET' ? {} : { body: new Uint8Array(body) }),
      });
      res.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(await forwarded.text());
    } catch (error) {
      reply(res, 500, { ok: false, error_code: 500, description: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    uploads,
    blocked,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
