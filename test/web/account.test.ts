// The account owner's pages in a real browser: sign up, sign in, sign out, the way back after
// signing in, the sign-in limit, CSRF on every form, and pages that refuse to be framed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freshServer } from '../support/env.ts';
import { launchBrowser, screenshot, signIn, signUp, type TestBrowser } from './browser.ts';

describe('web app: accounts in the browser', () => {
  let s: Awaited<ReturnType<typeof freshServer>>;
  let b: TestBrowser;
  before(async () => {
    s = await freshServer('sqlite');
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await s?.cleanup();
  });

  it('signs up, signs out, signs back in, and refuses a wrong password with what to do', async () => {
    const page = await (await b.context()).newPage();
    await page.goto(`${s.url}/`);
    await screenshot(page, 'landing');
    await page.getByRole('link', { name: 'Create account' }).click();
    await screenshot(page, 'signup');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('longenough');
    await page.getByRole('button', { name: 'Create account' }).click();
    assert.match(await page.getByRole('alert').innerText(), /not an email address[\s\S]*name@example\.com/);
    await page.getByLabel('Email').fill('Owner@Example.com');
    await page.getByLabel('Password').fill('longenough');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${s.url}/dashboard`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Your devices');
    await screenshot(page, 'dashboard-empty');

    const cookie = (await page.context().cookies()).find((c) => c.name === 'ml_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');

    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL(`${s.url}/?notice=signed-out`);
    assert.match(await page.getByRole('status').innerText(), /signed out/);
    await page.goto(`${s.url}/dashboard`);
    await page.waitForURL(/\/signin\?next=%2Fdashboard$/);

    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.getByRole('alert').innerText(), /do not match an account[\s\S]*try again/);
    await screenshot(page, 'signin-error');
    await page.getByLabel('Password').fill('longenough');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${s.url}/dashboard`);
  });

  it('sends a signed-out visitor to sign in and back to the page they asked for, never off-site', async () => {
    await s.app.accounts.create('back@example.com', 'longenough');
    const page = await (await b.context()).newPage();
    await page.goto(`${s.url}/apps`);
    await page.waitForURL(`${s.url}/signin?next=%2Fapps`);
    await screenshot(page, 'signin');
    await page.getByLabel('Email').fill('back@example.com');
    await page.getByLabel('Password').fill('longenough');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${s.url}/apps`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Linked apps');

    const other = await (await b.context()).newPage();
    for (const evil of ['https://evil.example/', '//evil.example/', '/\\evil.example', '/.//evil.example/']) {
      await other.goto(`${s.url}/signin?next=${encodeURIComponent(evil)}`);
      assert.equal(await other.locator('input[name=next]').inputValue(), '/dashboard');
    }
    await other.getByLabel('Email').fill('back@example.com');
    await other.getByLabel('Password').fill('longenough');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.waitForURL(`${s.url}/dashboard`);
  });

  it('limits failed sign-ins per account before checking the password', async () => {
    await s.app.accounts.create('target@example.com', 'longenough');
    const page = await (await b.context()).newPage();
    await page.goto(`${s.url}/signin`);
    let status = 0;
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('Email').fill('target@example.com');
      await page.getByLabel('Password').fill(`guess-${i}`);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${s.url}/signin` && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      status = response.status();
    }
    assert.equal(status, 429);
    assert.match(await page.getByRole('alert').innerText(), /Too many sign-in attempts[\s\S]*Wait/);
    // Even the right password waits until the window ends: the guesser cannot learn it.
    await page.getByLabel('Email').fill('target@example.com');
    await page.getByLabel('Password').fill('longenough');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(page.url(), /\/signin$/);
  });

  it('refuses every form post and control fetch without its CSRF token', async () => {
    const context = await b.context();
    const page = await context.newPage();
    await signUp(page, s.url, 'csrf@example.com', 'longenough');
    const user = (await s.app.accounts.findByEmail('csrf@example.com'))!;
    const device = await s.app.devices.add(user.id, 'light', 'Lamp');
    await page.reload();
    // Each form on the signed-in pages, with its token removed, then the control fetch without header.
    const posts: Array<[string, Record<string, string>]> = [
      ['/devices', { name: 'X', type: 'light' }],
      [`/devices/${device.id}/rename`, { name: 'Y' }],
      [`/devices/${device.id}/remove`, {}],
      [`/devices/${device.id}/control`, { command: 'setPower', powerState: 'ON' }],
      ['/apps/some-grant/revoke', {}],
      ['/account/delete', { password: 'longenough' }],
      ['/signout', {}],
    ];
    for (const [path, form] of posts) {
      const res = await page.request.post(`${s.url}${path}`, { form, maxRedirects: 0 });
      assert.equal(res.status(), 403, path);
      const json = await page.request.post(`${s.url}${path}`, {
        form,
        headers: { accept: 'application/json', 'x-csrf-token': 'forged' },
        maxRedirects: 0,
      });
      assert.equal(json.status(), 403, `${path} with a forged header`);
    }
    // Signed-out forms too (login CSRF).
    const anon = await (await b.context()).newPage();
    await anon.goto(`${s.url}/signin`);
    for (const path of ['/signin', '/signup']) {
      const res = await anon.request.post(`${s.url}${path}`, {
        form: { email: 'csrf@example.com', password: 'longenough' },
        maxRedirects: 0,
      });
      assert.equal(res.status(), 403, path);
    }
    // Nothing changed, and the page says what to do when it happens.
    assert.equal((await s.app.devices.list(user.id)).length, 1);
    assert.ok(await s.app.accounts.findById(user.id));
    await page.evaluate("document.querySelectorAll('input[name=_csrf]').forEach((i) => i.remove())");
    await page.getByLabel('Name', { exact: true }).fill('Forged');
    await page.getByRole('button', { name: 'Add device' }).click();
    assert.match(await page.getByRole('alert').innerText(), /security token[\s\S]*Reload the page/);
  });

  it('cannot be framed: headers on every page and a real iframe attempt', async () => {
    const page = await (await b.context()).newPage();
    await signIn(page, s.url, 'csrf@example.com', 'longenough').catch(async () => {
      await signUp(page, s.url, 'frame@example.com', 'longenough');
    });
    for (const path of ['/', '/signin', '/signup', '/dashboard', '/apps', '/account']) {
      const res = await page.request.get(`${s.url}${path}`, { maxRedirects: 0 });
      const h = res.headers();
      assert.match(h['content-security-policy'] ?? '', /frame-ancestors 'none'/, path);
      assert.equal(h['x-frame-options'], 'DENY', path);
    }
    // A page of another origin (another port) tries to frame the sign-in page.
    const evil = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<iframe src="${s.url}/signin" width="400" height="400"></iframe>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const framer = await (await b.context()).newPage();
    try {
      const blocked = framer.waitForEvent('console', (m) => /frame-ancestors 'none'/.test(m.text()));
      await framer.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      await blocked;
    } finally {
      evil.close();
    }
    const frame = framer.frames().find((f) => f !== framer.mainFrame());
    const framedText = frame
      ? await frame.evaluate<string>("document.body ? document.body.innerText : ''").catch(() => '')
      : '';
    assert.ok(!framedText.includes('Sign in to My Lights'), 'the sign-in page rendered inside a frame');
  });
});
