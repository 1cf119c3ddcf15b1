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

/** Languages the page is written in; the first is the default. */
export const PAGE_LANGUAGES = ['en', 'ru'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/**
 * The page's own words in Russian, by the English text in public/index.html. Replies come from the engine
 * in the language of each message; these are only the page around them.
 */
const RUSSIAN_PAGE: ReadonlyArray<readonly [string, string]> = [
  ['<html lang="en">', '<html lang="ru">'],
  ['crampbot · questions about calf and leg cramps', 'crampbot · вопросы о судорогах в икрах и ногах'],
  ['Skip to the message box', 'Перейти к полю сообщения'],
  ['Answers about calf and leg cramps', 'Ответы о судорогах в икрах и ногах'],
  ['Clear this chat and what I remember about you', 'Очистить чат и то, что я о вас помню'],
  ['Start over', 'Начать заново'],
  ['<strong>Not a doctor.</strong>', '<strong>Не врач.</strong>'],
  [
    "General information only: crampbot can't examine or diagnose you. If you\n        might be seriously ill, call your emergency number now.",
    'Только общая информация: crampbot не может осмотреть вас или поставить диагноз. Если вам, возможно,\n        угрожает опасность, звоните 112 (в России — 103 или 112).',
  ],
  ['aria-label="Conversation"', 'aria-label="Разговор"'],
  ['>Conversation<', '>Разговор<'],
  ['Your question', 'Ваш вопрос'],
  ['Ask about leg cramps…', 'Спросите о судорогах в ногах…'],
  ['>Send<', '>Отправить<'],
  [
    'Type a question and press Enter. /topics lists all topics.',
    'Напишите вопрос и нажмите Enter. /topics — все темы.',
  ],
  [
    'The chat needs JavaScript (our own script, nothing from other sites).',
    'Для чата нужен JavaScript (наш собственный скрипт, ничего со сторонних сайтов).',
  ],
];

/** A link to the page in the other language, placed before the "Start over" button. */
const SWITCH: Record<PageLanguage, string> = {
  en: '<a class="lang-switch" href="/?lang=ru" hreflang="ru" lang="ru">Русский</a>',
  ru: '<a class="lang-switch" href="/?lang=en" hreflang="en" lang="en">English</a>',
};

/**
 * The page's language: `?lang=ru` (the switch) first, then the browser's Accept-Language (its first
 * language we speak), else English.
 */
export const pageLanguage = (req: Pick<IncomingMessage, 'url' | 'headers'>): PageLanguage => {
  const query = /[?&]lang=([a-z]{2})\b/.exec(req.url ?? '')?.[1];
  if (query === 'ru' || query === 'en') return query;
  for (const part of (req.headers['accept-language'] ?? '').split(',')) {
    const base = part.trim().split(';')[0]?.split('-')[0]?.toLowerCase();
    if (base === 'en') return 'en';
    if (base === 'ru' || base === 'uk' || base === 'be') return 'ru';
  }
  return 'en';
};

/** public/index.html in one language, with the switch to the other. */
export const localisePage = (html: string, lang: PageLanguage): string => {
  let page = html;
  if (lang === 'ru') for (const [english, russian] of RUSSIAN_PAGE) page = page.replaceAll(english, russian);
  return page.replace('<button id="reset"', `${SWITCH[lang]}\n        <button id="reset"`);
};

const localisedPages = new WeakMap<Asset, Record<PageLanguage, Buffer>>();

const pageIn = (asset: Asset, lang: PageLanguage): Buffer => {
  let pages = localisedPages.get(asset);
  if (!pages) {
    const html = asset.body.toString('utf8');
    pages = { en: Buffer.from(localisePage(html, 'en')), ru: Buffer.from(localisePage(html, 'ru')) };
    localisedPages.set(asset, pages);
  }
  return pages[lang];
};

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
  const html = asset.type.startsWith('text/html');
  const lang = pageLanguage(req);
  const body = html ? pageIn(asset, lang) : asset.body;
  res.writeHead(200, {
    ...securityHeaders(req),
    'Content-Type': asset.type,
    'Content-Length': String(body.length),
    'Cache-Control': asset.cache,
    ...(html ? { 'Content-Language': lang, Vary: 'Accept-Language' } : {}),
    ...extraHeaders,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
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
