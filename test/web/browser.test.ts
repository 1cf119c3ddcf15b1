/**
 * The web chat in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * Saves a screenshot to artifacts/web-chat.png (and artifacts/web-chat-phone.png), named in docs/web-chat.md.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, testConfig } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'artifacts';
const haveChromium = existsSync(CHROMIUM);
const skip = !haveChromium && process.env.CI !== 'true';
if (skip) {
  console.warn(
    `Skipping the web chat browser test: ${CHROMIUM} is missing (apt-get install chromium). CI installs it and always runs this test.`,
  );
}

const lastBot = (page: Page, selector = '') => page.locator(`#log > li.msg.bot${selector}`).last();

describe.skipIf(skip)('web chat in Chromium', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium package`);
    h = await startHarness({ config: testConfig({ RATE_LIMIT_MESSAGES: '1000' }) });
    profile = mkdtempSync(join(tmpdir(), 'crampbot-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
      viewport: { width: 860, height: 1100 },
      reducedMotion: 'reduce',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    // A CSP violation or a script error shows up here.
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await h?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('talks about night cramps, follows a button and escalates a red flag unmistakably', async () => {
    await page.goto(`${h.base}/`);
    const welcome = lastBot(page, '[data-kind="welcome"]');
    await welcome.waitFor();
    expect(await welcome.textContent()).toContain('not a doctor');
    expect(await page.locator('#log').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('.note').textContent()).toContain('Not a doctor');

    // Keyboard only: the skip link leads to the message box; Enter sends.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    await page.keyboard.press('Enter');
    await page.locator('#text').focus(); // where the skip link pointed
    await page.keyboard.type('why do my calves cramp at night?');
    await page.keyboard.press('Enter');
    await page.locator('#log > li.msg.user', { hasText: 'why do my calves cramp at night?' }).waitFor();
    const answer = lastBot(page, '[data-kind="answer"]');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('Night cramps are very common');

    // A follow-up button, then one of its options pressed with the keyboard.
    await answer.getByRole('button', { name: 'How often do they happen?' }).click();
    const followup = lastBot(page, '[data-kind="followup"]');
    await followup.waitFor();
    expect(await followup.textContent()).toContain('How often do they happen?');
    await followup.getByRole('button', { name: 'Most nights, for weeks' }).press('Enter');
    const gp = lastBot(page, '.level-gp');
    await gp.waitFor();
    expect(await gp.textContent()).toContain('worth a visit to your doctor');

    // A red flag typed in: the escalation comes first, styled as an alert, with the number as a tel: link.
    const shown = await page.locator('#log > li').count();
    await page.locator('#text').fill('my calf is swollen and hot');
    await page.locator('#send').click();
    await page.locator(`#log > li:nth-child(${shown + 1}).msg.user`).waitFor();
    const alert = page.locator(`#log > li:nth-child(${shown + 2}).msg.bot`);
    await alert.waitFor();
    const level = await alert.getAttribute('data-level');
    expect(['urgent', 'emergency']).toContain(level);
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.locator('.banner').textContent()).toMatch(/Urgent|Emergency/);
    // An urgent reply's main action is being seen today; the emergency number is a secondary link.
    expect(level).toBe('urgent');
    const call = alert.locator('a.call');
    expect(await call.getAttribute('href')).toBe('tel:112');
    expect(await call.getAttribute('class')).toBe('call secondary');
    expect(await call.textContent()).toBe('If it gets worse: call 112');
    expect(await alert.locator('.body a.tel[href="tel:112"]').count()).toBeGreaterThan(0);
    const style = await alert.evaluate((node) => {
      const css = getComputedStyle(node);
      const banner = node.querySelector('.banner');
      return {
        border: css.borderTopWidth,
        bannerBackground: banner ? getComputedStyle(banner).backgroundColor : '',
      };
    });
    expect(style.border).toBe('3px');
    // Red (emergency) or deep orange (urgent), never the plain bubble.
    expect(['rgb(185, 28, 28)', 'rgb(194, 65, 12)']).toContain(style.bannerBackground);
    // The not-a-doctor note was already shown, so no further message follows the escalation.
    await page.waitForFunction(
      () => document.querySelector('#log')?.lastElementChild?.getAttribute('role') === 'alert',
    );

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-chat.png') });

    // An emergency on a phone-sized screen: red, with the call button.
    await page.setViewportSize({ width: 390, height: 844 });
    const before = await page.locator('#log > li').count();
    await page.locator('#text').fill("I'm suddenly short of breath");
    await page.keyboard.press('Enter');
    const emergency = page.locator(`#log > li:nth-child(${before + 2}).msg.bot`);
    await emergency.waitFor();
    expect(await emergency.getAttribute('data-level')).toBe('emergency');
    expect(await emergency.locator('a.call').getAttribute('href')).toBe('tel:112');
    // The call button is on screen the moment the reply arrives, without scrolling.
    const callBox = await emergency.locator('a.call').boundingBox();
    expect(callBox).not.toBeNull();
    expect((callBox?.y ?? 900) + (callBox?.height ?? 0)).toBeLessThanOrEqual(844);
    expect(callBox?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(
      await emergency.locator('.banner').evaluate((node) => getComputedStyle(node).backgroundColor),
    ).toBe('rgb(185, 28, 28)');
    await page.screenshot({ path: join(ARTIFACTS, 'web-chat-phone.png') });
    // Readable on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The page talked only to its own server, and the CSP blocked nothing.
    expect(
      requests.filter((url) => !url.startsWith(h.base) && !url.startsWith(h.base.replace('http', 'ws'))),
    ).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);

  it('starts over with the reset button', async () => {
    const before = [...h.storage.map.values()];
    expect(before.some((session) => session.engine.lastIntent !== null)).toBe(true);
    await page.getByRole('button', { name: 'Start over' }).click();
    const welcome = lastBot(page, '[data-kind="welcome"]');
    await welcome.waitFor();
    expect(await page.locator('#log > li.msg.user').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('text');
    await expect.poll(() => [...h.storage.map.values()].map((s) => s.engine.lastIntent)).toEqual([null]);
    expect(problems).toEqual([]);
  }, 60_000);
});
