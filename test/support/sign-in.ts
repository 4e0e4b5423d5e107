// Sign-in attempts as a client makes them over HTTP: the web app's form, and the account-linking
// page reached through /oauth/authorize. Used by the tests of the sign-in limits.
import assert from 'node:assert/strict';
import { ALEXA_REDIRECT, authorizeUrl, type OAuthFixture } from '../oauth/flow.ts';
import { Browser, form } from '../oauth/browser.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** One web sign-in from a fresh browser (behind `xff` when given); returns the status. */
export async function webSignIn(
  url: string,
  xff: string | undefined,
  email: string,
  password: string,
): Promise<number> {
  const browser = new Browser(xff === undefined ? {} : { 'x-forwarded-for': xff });
  const page = await browser.request(`${url}/signin`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(csrf, 'the sign-in page has a CSRF field');
  const res = await browser.request(`${url}/signin`, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ _csrf: csrf, email, password, next: '/dashboard' }).toString(),
  });
  return res.status;
}

/**
 * One sign-in on the account-linking page, started at the fixture's server; the form is posted to
 * `postTo` (another instance of the same deployment) when given. Returns the status.
 */
export async function linkingSignIn(
  f: OAuthFixture,
  xff: string | undefined,
  email: string,
  password: string,
  postTo: string = f.url,
): Promise<number> {
  const browser = new Browser(xff === undefined ? {} : { 'x-forwarded-for': xff });
  const start = authorizeUrl(f.url, { client_id: f.clientId, redirect_uri: ALEXA_REDIRECT });
  const page = await browser.follow(start, f.url);
  const login = form(await page.res!.text(), 'login');
  const res = await browser.request(new URL(login.action, postTo).href, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ csrf: login.csrf, email, password }).toString(),
  });
  return res.status;
}
