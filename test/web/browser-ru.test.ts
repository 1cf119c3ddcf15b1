/**
 * The web chat in Russian in a real browser (Debian's Chromium via playwright-core): the page in the
 * browser's language, a Russian conversation through follow-up buttons to an emergency, and the switch
 * to English. Saves artifacts/web-chat-ru.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine/index.js';
import { type Harness, startHarness, testConfig } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const skip = !haveChromium && process.env.CI !== 'true';

const lastBot = (page: Page, selector = '') => page.locator(`#log > li.msg.bot${selector}`).last();

describe.skipIf(skip)('web chat in Russian in Chromium', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ engine: loadEngine(), config: testConfig({ RATE_LIMIT_MESSAGES: '1000' }) });
    profile = mkdtempSync(join(tmpdir(), 'crampbot-chromium-ru-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      locale: 'ru-RU',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      viewport: { width: 860, height: 1100 },
      reducedMotion: 'reduce',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await h?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('opens in Russian, follows the buttons and raises a Russian alarm with 112 and 103', async () => {
    await page.goto(`${h.base}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.locator('.note').textContent()).toContain('Не врач');
    const welcome = lastBot(page, '[data-kind="welcome"]');
    await welcome.waitFor();
    expect(await welcome.textContent()).toContain('Здравствуйте');

    await page.locator('#text').fill('почему ночью сводит икры?');
    await page.keyboard.press('Enter');
    const answer = lastBot(page, '[data-kind="answer"]');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('Ночные судороги');

    await answer.getByRole('button', { name: 'Как часто это бывает?' }).click();
    const followup = lastBot(page, '[data-kind="followup"]');
    await followup.waitFor();
    await followup.getByRole('button', { name: 'Почти каждую ночь, неделями' }).click();
    const gp = lastBot(page, '.level-gp');
    await gp.waitFor();
    expect(await gp.textContent()).toContain('не срочно');

    const shown = await page.locator('#log > li').count();
    await page.locator('#text').fill('сильная боль в груди и не могу дышать');
    await page.keyboard.press('Enter');
    const alert = page.locator(`#log > li:nth-child(${shown + 2}).msg.bot`);
    await alert.waitFor();
    expect(await alert.getAttribute('data-level')).toBe('emergency');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.locator('.banner').textContent()).toContain('Срочно');
    expect(await alert.locator('a.call').getAttribute('href')).toBe('tel:112');
    expect(await alert.locator('a.call').textContent()).toBe('Позвонить 112');
    expect(await alert.textContent()).toContain('103');
    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: join('artifacts', 'web-chat-ru.png') });
    expect(problems).toEqual([]);
  }, 90_000);

  it('switches the page to English', async () => {
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.note').textContent()).toContain('Not a doctor');
    const welcome = lastBot(page, '[data-kind="welcome"]');
    await welcome.waitFor();
    expect(await welcome.textContent()).toContain('not a doctor');
    expect(problems).toEqual([]);
  }, 60_000);
});
