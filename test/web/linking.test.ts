// Account linking as a user clicks it in the Alexa app's web view (phone viewport), then the owner's
// side of it: the dashboard follows a voice command live, unlinking Alexa in "Linked apps" and
// deleting the account each make the next directive INVALID_AUTHORIZATION_CREDENTIAL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { BrowserContext, Page } from 'playwright-core';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { envelope } from '../skill/support.ts';
import { launchBrowser, screenshot, signUp, type TestBrowser } from './browser.ts';
import { webServer, type WebServer } from './server.ts';

const ALEXA_REDIRECT = 'https://layla.amazon.com/api/skill/link/M2WEBTEST';
const PASSWORD = 'correct horse battery';

async function directive(url: string, body: unknown): Promise<AlexaEvent> {
  const res = await fetch(`${url}/alexa`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  const answer = (await res.json()) as AlexaEvent;
  assertAlexaMessage(answer);
  return answer;
}

describe('web app: linking Alexa and living with it', () => {
  let s: WebServer;
  let b: TestBrowser;
  let config: oidc.Configuration;
  before(async () => {
    s = await webServer();
    b = await launchBrowser();
    const alexa = await s.app.oauth.clients.add({
      name: 'Alexa',
      redirectUris: [ALEXA_REDIRECT],
      requirePkce: true,
    });
    config = await oidc.discovery(
      new URL(s.url),
      alexa.clientId,
      alexa.clientSecret,
      oidc.ClientSecretBasic(alexa.clientSecret),
      { algorithm: 'oauth2', execute: [oidc.allowInsecureRequests] },
    );
  });
  after(async () => {
    await b?.close();
    await s?.cleanup();
  });

  /** The Alexa app's web view: authorize, sign in, allow; the redirect to Amazon is caught. */
  async function linkInWebView(email: string, shots = false): Promise<string> {
    const webView: BrowserContext = await b.context();
    const page = await webView.newPage();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: ALEXA_REDIRECT,
      scope: 'devices',
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    let callback: URL | undefined;
    await page.route('https://layla.amazon.com/**', async (route) => {
      callback = new URL(route.request().url());
      await route.fulfill({ contentType: 'text/html', body: '<p>Alexa has been successfully linked.</p>' });
    });
    await page.goto(authUrl.href);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    if (shots) await screenshot(page, 'linking-signin');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).waitFor();
    if (shots) await screenshot(page, 'linking-consent');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByText('successfully linked').waitFor();
    assert.ok(callback, 'the web view never reached Alexa');
    assert.equal(callback.origin + callback.pathname, ALEXA_REDIRECT);
    assert.equal(callback.searchParams.get('state'), state);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    await webView.close();
    return tokens.access_token;
  }

  async function ownerPage(email: string): Promise<{ page: Page; userId: string }> {
    const page = await (await b.context()).newPage();
    page.on('dialog', (d) => void d.accept());
    await signUp(page, s.url, email, PASSWORD);
    return { page, userId: (await s.app.accounts.findByEmail(email))!.id };
  }

  it('links from a phone, shows a voice command live, and unlinking makes the token INVALID', async () => {
    const { page, userId } = await ownerPage('linker@example.com');
    const lamp = await s.app.devices.add(userId, 'light', 'Desk Lamp');
    await s.until(async () => (await s.app.devices.get(userId, lamp.id))?.online === true);

    const token = await linkInWebView('linker@example.com', true);

    // The dashboard is open; Alexa turns the lamp on; the page follows without reloading.
    await page.goto(`${s.url}/dashboard`);
    await page.locator('body[data-live=connected]').waitFor();
    const summary = page.locator(`#dev-${lamp.id} [data-field=summary]`);
    assert.equal(await summary.innerText(), 'Off');
    await page.evaluate('window.__sameDocument = true');
    const on = await directive(
      s.url,
      envelope('Alexa.PowerController', 'TurnOn', { token, endpointId: lamp.id }),
    );
    assert.equal(on.event.header.name, 'Response');
    // The state was saved before Alexa got its answer; only the push to the page remains.
    await summary.filter({ hasText: /^On, 100% brightness/ }).waitFor({ timeout: 1000 });
    assert.equal(await page.evaluate('window.__sameDocument === true'), true, 'the page reloaded');
    await screenshot(page, 'dashboard-after-voice');

    // Linked apps shows Alexa; unlinking it ends the token at once.
    await page.getByRole('link', { name: 'Linked apps' }).click();
    const item = page.locator('ul.linked > li').filter({ hasText: 'Alexa' });
    await item.waitFor();
    assert.match(await item.innerText(), /Linked\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    await screenshot(page, 'linked-apps');
    await item.getByRole('button', { name: 'Unlink Alexa' }).click();
    await page.getByRole('status').filter({ hasText: 'Alexa is unlinked' }).waitFor();
    assert.equal(await page.locator('ul.linked > li').count(), 0);
    const after = await directive(
      s.url,
      envelope('Alexa.PowerController', 'TurnOff', { token, endpointId: lamp.id }),
    );
    assert.equal(after.event.header.name, 'ErrorResponse');
    assert.equal(after.event.payload.type, 'INVALID_AUTHORIZATION_CREDENTIAL');
    assert.equal((await s.app.devices.get(userId, lamp.id))?.state.powerState, 'ON');
  });

  it('deleting the account behind a password makes the linked token INVALID and signs out', async () => {
    const { page, userId } = await ownerPage('leaver@example.com');
    const lamp = await s.app.devices.add(userId, 'light', 'Porch');
    const token = await linkInWebView('leaver@example.com');
    const ok = await directive(s.url, envelope('Alexa', 'ReportState', { token, endpointId: lamp.id }));
    assert.equal(ok.event.header.name, 'StateReport');

    await page.getByRole('link', { name: 'Account' }).click();
    await screenshot(page, 'account');
    const danger = page.getByRole('region', { name: 'Delete your account' });
    assert.match(await danger.innerText(), /unlinks Alexa/);
    // A wrong password deletes nothing and says what to do.
    await danger.getByLabel('Type your password to confirm').fill('not my password');
    await danger.getByRole('button', { name: 'Delete my account' }).click();
    assert.match(await page.getByRole('alert').innerText(), /password is not right[\s\S]*Type the password/);
    assert.ok(await s.app.accounts.findById(userId));

    await page.getByLabel('Type your password to confirm').fill(PASSWORD);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(`${s.url}/?notice=deleted`);
    assert.match(await page.getByRole('status').innerText(), /Alexa is unlinked/);
    assert.equal(await s.app.accounts.findById(userId), null);

    const answer = await directive(
      s.url,
      envelope('Alexa.PowerController', 'TurnOn', { token, endpointId: lamp.id }),
    );
    assert.equal(answer.event.header.name, 'ErrorResponse');
    assert.equal(answer.event.payload.type, 'INVALID_AUTHORIZATION_CREDENTIAL');
    // The old web session is gone too.
    await page.goto(`${s.url}/dashboard`);
    await page.waitForURL(/\/signin\?next=%2Fdashboard$/);
  });
});
