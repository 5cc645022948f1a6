import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import mongoose from 'mongoose';
import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';
import { inject } from 'vitest';
import { createApp, type AppHandle } from '../../server/app.js';
import type { Clock } from '../../server/clock.js';
import { testConfig, type AppConfig } from '../../server/config.js';
import { connectDatabase, disconnectDatabase } from '../../server/db/connection.js';
import { linkDemoHospitals } from '../../server/demo/demo-fhir.js';
import { seedDemoNetwork, type DemoCredential } from '../../server/demo/seed-network.js';
import { createDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { createLogger } from '../../server/logger.js';
import { startTestWorker, type TestWorker } from '../setup/worker.js';

/**
 * The set-up every browser test shares: the real app on a loopback port of its own, on a database
 * of the test file's own, with the demo network seeded (one user per role and tenant, all with
 * {@link PASSWORD}), optionally the in-process demo FHIR hospital BVDKLC linked, and Debian's
 * Chromium driven by playwright-core. `stop()` undoes all of it, the database included.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CLIENT_DIST = resolve(process.env.CLIENT_DIST ?? 'client/dist');
export const PASSWORD = 'e2e-demo-password-2026';
export type Language = 'vi' | 'en';

/** Headless and quiet: no sandbox (containers), no GPU, nothing that calls out to the internet. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface E2eOptions {
  /** Names the database (`e2e_<name>_<random>`), so a leftover one says which file left it. */
  name: string;
  /** The demo FHIR hospital BVDKLC, served by the app itself and linked to the seeded hospital; none when left out. */
  hospital?: { patients: number; seed: number };
  /** Settings that differ from testConfig's (the client build is always CLIENT_DIST). */
  config?: Partial<AppConfig>;
  /** The app's clock (a settable one to show a chosen day); the system clock when left out. */
  clock?: Clock;
  /** The worker (census syncs, events, notifications…) runs beside the app, as `npm start` in demo mode; off only when false. */
  worker?: boolean;
}

export interface PageOptions {
  /** Browser locale vi-VN or en-GB; Chromium's own when left out. */
  lang?: Language;
  /** Also store the language in the app's localStorage before every load (the app then starts in it). */
  pinLanguage?: boolean;
  /** Viewport width; Chromium's default viewport when left out. */
  width?: number;
  height?: number;
  hasTouch?: boolean;
  /** axe-core is injected as an inline script, which the app's CSP refuses. */
  bypassCSP?: boolean;
}

export interface E2eApp {
  handle: AppHandle;
  baseUrl: string;
  browser: Browser;
  /** The demo users seedDemoNetwork made. */
  users: DemoCredential[];
  /** A page in a fresh browser context (close it with `page.context().close()`). */
  newPage(options?: PageOptions): Promise<Page>;
  /** Signs in through the sign-in page and waits for the role's home page (any home page without a role). */
  signIn(page: Page, username: string, role?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startE2eApp(options: E2eOptions): Promise<E2eApp> {
  if (!existsSync(resolve(CLIENT_DIST, 'index.html'))) throw new Error('client/dist is missing: run `npm run build:client` (npm test does)');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  await connectDatabase(inject('mongoUri'), `e2e_${options.name}_${randomBytes(4).toString('hex')}`);
  const { hospital } = options;
  const demo = hospital ? createDemoHospital({ hospitalCode: 'BVDKLC', patients: hospital.patients, seed: hospital.seed, now: new Date() }) : undefined;
  const config = testConfig({ ...options.config, clientDist: CLIENT_DIST });
  const handle = createApp({
    config,
    logger: createLogger('silent'),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(demo ? { demoHospitals: (code: string) => (code === 'BVDKLC' ? demo : undefined) } : {}),
  });
  const worker = options.worker === false ? null : startTestWorker({ config, ...(options.clock ? { clock: options.clock } : {}) });
  const users = await seedDemoNetwork(PASSWORD);
  const server = createServer(handle.app);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (demo) await linkDemoHospitals(baseUrl, ['BVDKLC']);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    handle,
    baseUrl,
    browser,
    users,
    newPage: (pageOptions) => openPage(browser, pageOptions),
    signIn: (page, username, role) => signIn(page, baseUrl, username, role),
    stop: () => stop(browser, server, handle, worker),
  };
}

async function openPage(browser: Browser, options: PageOptions = {}): Promise<Page> {
  const { lang, width } = options;
  const context = await browser.newContext({
    ...(lang ? { locale: lang === 'vi' ? 'vi-VN' : 'en-GB' } : {}),
    ...(width ? { viewport: { width, height: options.height ?? 844 } } : {}),
    ...(options.hasTouch ? { hasTouch: true } : {}),
    ...(options.bypassCSP ? { bypassCSP: true } : {}),
  });
  if (lang && options.pinLanguage) await context.addInitScript((l) => window.localStorage.setItem('nhipcau.lang', l), lang);
  return context.newPage();
}

async function signIn(page: Page, baseUrl: string, username: string, role?: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await (role ? page.getByTestId(`home-${role}`) : page.locator('[data-testid^="home-"]').first()).waitFor({ timeout: 30_000 });
}

/**
 * Waits for `locator` to be visible; on timeout fails with what the screen showed (its URL and text), so a failure
 * seen only in CI explains itself: an error alert, the sign-in page, an empty list.
 */
export async function waitForOnScreen(page: Page, locator: Locator, what: string, timeout = 30_000): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch (error) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '(page not readable)');
    throw new Error(`${what} did not appear within ${timeout / 1000} s at ${page.url()}; the screen showed:\n${text.slice(0, 2000)}`, { cause: error });
  }
}

async function stop(browser: Browser, server: Server, handle: AppHandle, worker: TestWorker | null): Promise<void> {
  await browser.close();
  await new Promise<void>((done) => server.close(() => done()));
  await worker?.stop();
  await handle.close();
  await mongoose.connection.dropDatabase();
  await disconnectDatabase();
}

/** Answers the screening form on screen as a rural household of 4 on 4.000.000 ₫ without a certificate, submits it and returns the server's answer. */
export async function submitScreening(page: Page): Promise<Response> {
  await page.getByTestId('q-residence-rural').click();
  await page.getByTestId('q-household-size').fill('4');
  await page.getByTestId('q-household-income').fill('4000000');
  await page.getByTestId('q-certificate-none').click();
  const answered = page.waitForResponse((r) => r.url().includes('/screenings') && r.request().method() === 'POST');
  await page.getByTestId('screening-submit').click();
  return answered;
}

/**
 * Waits until the page's finite CSS animations and transitions have ended (antd's enter motions),
 * from the browser's own list of them (document.getAnimations()), so colours and positions are
 * measured or pictured at rest; looping ones (spinners) are left running. A motion that begins a
 * frame or two later (antd starts its motions in steps, frame by frame) is caught by looking again
 * after two frames, until a look finds none running. No fixed sleep: it takes as long as they do.
 */
export async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = (): Promise<void> => new Promise((done) => requestAnimationFrame(() => done()));
    // Bounded: a page that starts new finite motions forever is left after this many rounds.
    for (let round = 0; round < 20; round += 1) {
      await frame();
      await frame();
      const running = document.getAnimations().filter((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
      if (running.length === 0) return;
      const ended = Promise.all(running.map((a) => a.finished.catch(() => undefined))).then(() => true);
      // Bounded: an animation still running after 10 s is a fault of the page, said as such.
      const late = new Promise<boolean>((done) => window.setTimeout(() => done(false), 10_000));
      if (!(await Promise.race([ended, late]))) throw new Error('an animation was still running after 10 s');
    }
  });
}

/** Requests in flight per page, counted from Playwright's own events (see trackNetwork). */
const inFlight = new WeakMap<Page, { pending: number; changed: Array<() => void> }>();

/** Counts the page's requests in flight from now on, for networkQuiet. */
export function trackNetwork(page: Page): void {
  const state = { pending: 0, changed: [] as Array<() => void> };
  inFlight.set(page, state);
  const tell = (): void => state.changed.splice(0).forEach((f) => f());
  page.on('request', () => {
    state.pending += 1;
    tell();
  });
  const ended = (): void => {
    state.pending = Math.max(0, state.pending - 1);
    tell();
  };
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
}

/**
 * Resolves once the page has had no request in flight for `quietMs` (what Playwright's
 * 'networkidle' does with a fixed 500 ms): woken by the page's own request events, not by polling.
 * Bounded: fails after `timeoutMs` with the number still in flight.
 */
export async function networkQuiet(page: Page, quietMs = 120, timeoutMs = 15_000): Promise<void> {
  const state = inFlight.get(page);
  if (!state) throw new Error('networkQuiet needs trackNetwork(page) when the page is opened');
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (performance.now() > deadline) throw new Error(`the page still had ${state.pending} requests in flight after ${timeoutMs} ms`);
    const quietFor = state.pending === 0 ? quietMs : timeoutMs;
    const changed = await new Promise<boolean>((done) => {
      const timer = setTimeout(() => done(false), quietFor);
      state.changed.push(() => {
        clearTimeout(timer);
        done(true);
      });
    });
    if (!changed && state.pending === 0) return;
  }
}
