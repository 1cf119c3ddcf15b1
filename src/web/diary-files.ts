import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders, sendStatus } from './page.js';

/**
 * The diary's images and /mydata files for the web chat. A chat message cannot carry a PNG through the
 * page's Content-Security-Policy (img-src 'self', no data: URLs), so each is kept here for a few minutes
 * under a random name and served from this server, only to the browser whose cookie made it.
 */
export const DIARY_FILES_PATH = '/chat/files/';

const KEEP_MS = 10 * 60_000;
const MAX_FILES = 200;

interface Shelved {
  owner: string;
  type: string;
  filename: string;
  body: Buffer;
  expires: number;
}

export interface DiaryFiles {
  /** Keeps a file for `owner`; returns its URL path. */
  put(owner: string, filename: string, type: string, body: Buffer): string;
  /** Serves a request under DIARY_FILES_PATH; false if the path is not one of ours. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, requester: string | undefined): boolean;
}

export const createDiaryFiles = (now: () => number = Date.now): DiaryFiles => {
  const files = new Map<string, Shelved>();
  const dropExpired = () => {
    for (const [name, file] of files) if (file.expires <= now()) files.delete(name);
  };
  return {
    put: (owner, filename, type, body) => {
      dropExpired();
      while (files.size >= MAX_FILES) files.delete(files.keys().next().value as string);
      const name = `${randomBytes(16).toString('hex')}-${filename}`;
      files.set(name, { owner, type, filename, body, expires: now() + KEEP_MS });
      return `${DIARY_FILES_PATH}${name}`;
    },
    handle: (req, res, path, requester) => {
      if (!path.startsWith(DIARY_FILES_PATH)) return false;
      dropExpired();
      const file = files.get(path.slice(DIARY_FILES_PATH.length));
      // Someone else's file looks exactly like a missing one.
      if (!file || requester === undefined || file.owner !== requester) {
        sendStatus(req, res, 404, 'not found');
        return true;
      }
      res.writeHead(200, {
        ...securityHeaders(req),
        'Content-Type': file.type,
        'Content-Length': String(file.body.length),
        'Cache-Control': 'private, no-store',
        ...(file.type.startsWith('image/')
          ? {}
          : { 'Content-Disposition': `attachment; filename="${file.filename}"` }),
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return true;
    },
  };
};
