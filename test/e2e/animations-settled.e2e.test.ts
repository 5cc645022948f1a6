import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animationsSettled, CHROMIUM } from './harness.js';

/**
 * `animationsSettled` (test/e2e/harness.ts), what browser tests wait on before measuring colours
 * or taking a picture instead of a fixed sleep: it returns once the page's finite animations and
 * transitions have ended, also those that start a frame later, and does not wait for looping ones.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
});

afterAll(async () => {
  await browser?.close();
});

const STYLE = `
  @keyframes fade { from { opacity: 0 } to { opacity: 1 } }
  @keyframes spin { to { transform: rotate(360deg) } }
  .enter { animation: fade 700ms linear }
  .spinner { animation: spin 1s linear infinite }
  .slide { transition: transform 600ms linear }
`;

/** What is still running on the page: finite animations only (a spinner never ends). */
const finiteRunning = (page: Page): Promise<number> =>
  page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity)).length);

describe('animationsSettled', () => {
  it('returns once an enter animation, and a transition begun a frame later, have ended; a looping spinner is not waited for', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(`<style>${STYLE}</style><div class="spinner">…</div><div class="enter">Xin chào</div><div id="panel" class="slide">Bảng</div>`);
      // As antd does: the motion's class goes on in a later frame, after the element is on the page.
      await page.evaluate(() => requestAnimationFrame(() => requestAnimationFrame(() => ((document.getElementById('panel') as HTMLElement).style.transform = 'translateX(40px)'))));
      await animationsSettled(page);
      expect(await finiteRunning(page)).toBe(0);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.enter') as Element).opacity)).toBe('1');
      expect(await page.evaluate(() => getComputedStyle(document.getElementById('panel') as Element).transform)).toBe('matrix(1, 0, 0, 1, 40, 0)');
      // The spinner is still going: it was never waited for.
      expect(await page.evaluate(() => document.getAnimations().some((a) => a.playState === 'running'))).toBe(true);
    } finally {
      await page.close();
    }
  });
});
