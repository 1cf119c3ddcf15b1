import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiaryRuntime, openDiary } from '../../src/diary/runtime.js';
import { createLogger } from '../../src/logger.js';
import { startWebChat, type WebChat } from '../../src/web/index.js';
import {
  fixtureEngine,
  MapStorage,
  openSocket,
  pageCookie,
  type TestSocket,
  testConfig,
} from '../web/helpers.js';
import { fakeClock, tempDir } from './helpers.js';

type DiaryFrame = {
  text: string;
  buttons?: { label: string; data: string }[];
  attachment?: { kind: string; url: string; name: string };
};

/** The web chat gets the diary and the summary (no reminders): /cramp, its buttons, /diary with the chart. */
describe('the diary in the web chat', () => {
  const folder = tempDir();
  const clock = fakeClock('2026-11-05T21:00:00Z');
  const server = createServer();
  let chat: WebChat;
  let diary: DiaryRuntime;
  let base: string;
  let cookie: string;
  let socket: TestSocket;

  const ask = async (frame: unknown, count = 1): Promise<DiaryFrame[]> => {
    const from = socket.frames.length;
    socket.send(frame);
    await socket.waitFor(() => socket.frames.length >= from + count, from);
    while (socket.frames.length < from + count) await new Promise((resolve) => setTimeout(resolve, 10));
    return socket.frames.slice(from) as DiaryFrame[];
  };

  beforeAll(async () => {
    diary = await openDiary({
      sqlitePath: join(folder.dir, 's.sqlite'),
      logger: createLogger('silent'),
      clock,
    });
    chat = await startWebChat({
      config: testConfig({ RATE_LIMIT_MESSAGES: '100' }),
      engine: fixtureEngine(),
      storage: new MapStorage(),
      logger: createLogger('silent'),
      server,
      diary: diary.service,
    });
    server.on('request', (req, res) => {
      if (!chat.handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    cookie = await pageCookie(base);
    socket = await openSocket(base, { Cookie: cookie });
  });

  afterAll(async () => {
    socket?.close();
    await chat?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await diary?.close();
    folder.remove();
  });

  it('logs a cramp with buttons and shows the chart as an image served only to this browser', async () => {
    const [logged] = await ask({ type: 'message', text: '/cramp' });
    expect(logged?.text).toBe('Cramp logged (today, 21:00). Which leg was it?');
    const leg = logged?.buttons?.find((b) => b.label === 'Left')?.data as string;
    const [duration] = await ask({ type: 'button', data: leg });
    expect(duration?.text).toBe('How long did it last?');
    const short = duration?.buttons?.find((b) => b.label === 'Under a minute')?.data as string;
    const saved = await ask({ type: 'button', data: short }, 3);
    expect(saved[0]?.text).toMatch(/^Saved: left leg, under a minute/);

    const [chart] = await ask({ type: 'message', text: '/diary' });
    expect(chart?.text).toBe('1 cramp in 4 weeks, in the left leg, at night. Stretches done: 0.');
    expect(chart?.attachment?.kind).toBe('image');
    const url = chart?.attachment?.url as string;
    expect(url).toMatch(/^\/chat\/files\/[0-9a-f]{32}-cramp-diary\.png$/);
    const image = await fetch(`${base}${url}`, { headers: { Cookie: cookie } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await image.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Another browser (or no cookie) cannot fetch it.
    expect((await fetch(`${base}${url}`)).status).toBe(404);
    expect((await fetch(`${base}${url}`, { headers: { Cookie: await pageCookie(base) } })).status).toBe(404);
  });

  it('/summary, /mydata as a download, no reminders, and /forget deletes the diary', async () => {
    const summary = await ask({ type: 'message', text: '/summary' }, 2);
    expect(summary[0]?.text).toContain('Cramps: 1 on 1 night out of 28');
    expect(summary[1]?.attachment?.kind).toBe('image');
    const [data] = await ask({ type: 'message', text: '/mydata' });
    const file = await fetch(`${base}${data?.attachment?.url}`, { headers: { Cookie: cookie } });
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="crampbot-my-data.json"');
    expect(((await file.json()) as { diary: { cramps: unknown[] } }).diary.cramps).toHaveLength(1);
    const [remind] = await ask({ type: 'message', text: '/remind 22:30' });
    expect(remind?.text).toMatch(/Reminders work in Telegram only/);

    await ask({ type: 'message', text: '/forget' });
    const userId = (cookie.split('=')[1] as string).split('.')[0] as string;
    expect(await diary.store.read(`web:${userId}`)).toBeUndefined();
  });
});
