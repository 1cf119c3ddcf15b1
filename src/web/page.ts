import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's own files (public/), read once at start-up and served from memory. */

export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export interface Asset {
  body: Buffer;
  type: string;
  /** HTML is never cached (it comes with the identity cookie); the rest may be revalidated. */
  cache: string;
}

const ASSETS: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/chat.css': ['chat.css', 'text/css; charset=utf-8'],
  '/chat.js': ['chat.js', 'text/javascript; charset=utf-8'],
  '/icon.svg': ['icon.svg', 'image/svg+xml'],
};

export const loadAssets = (dir: string = PUBLIC_DIR): Map<string, Asset> =>
  new Map(
    Object.entries(ASSETS).map(([path, [file, type]]) => [
      path,
      {
        body: readFileSync(join(dir, file)),
        type,
        cache: type.startsWith('text/html') ? 'no-store' : 'no-cache',
      },
    ]),
  );

/** `example.org`, `localhost:3000`, `[::1]:3000`: a Host header we are willing to repeat in the CSP. */
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Nothing from other origins: scripts, styles, images and the socket come from this server only. The
 * socket is named explicitly (`ws://host`, `wss://host`) because older browsers don't count it as 'self'.
 */
export const contentSecurityPolicy = (host: string | undefined): string => {
  const socket = host && HOST_PATTERN.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self'${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
};

export const securityHeaders = (req: IncomingMessage): Record<string, string> => ({
  'Content-Security-Policy': contentSecurityPolicy(req.headers.host),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
});

export const sendAsset = (
  req: IncomingMessage,
  res: ServerResponse,
  asset: Asset,
  extraHeaders: Record<string, string> = {},
): void => {
  res.writeHead(200, {
    ...securityHeaders(req),
    'Content-Type': asset.type,
    'Content-Length': String(asset.body.length),
    'Cache-Control': asset.cache,
    ...extraHeaders,
  });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
};

export const sendStatus = (
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  text: string,
  extraHeaders: Record<string, string> = {},
): void => {
  res.writeHead(status, {
    ...securityHeaders(req),
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
};
