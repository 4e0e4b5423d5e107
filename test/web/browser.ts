// Debian's Chromium driven by playwright-core for the web app's tests. No tool ever downloads a
// browser: the executable is the system one, and each launch gets a fresh profile.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');
export const PHONE = { width: 390, height: 844 };

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (own cookies), phone-sized unless told otherwise. */
  context(opts?: { viewport?: { width: number; height: number } }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // launch() gives Chromium a fresh temporary user-data-dir of its own (and refuses one in args);
  // each test context is isolated on top of that.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async context(opts = {}) {
      const ctx = await browser.newContext({
        viewport: opts.viewport ?? PHONE,
        ...(opts.viewport ? {} : { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
        locale: 'en-US',
      });
      // Nothing a page does may leave the machine; tests route the Alexa redirect themselves.
      await ctx.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
      contexts.push(ctx);
      return ctx;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, scale: 'css' });
}

/** Signs up through the real form and lands on the dashboard. */
export async function signUp(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${base}/dashboard`);
}

export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/dashboard`);
}
