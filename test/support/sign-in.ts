// Sign-in attempts as a client makes them over HTTP: the web app's form, and the account-linking
// page reached through /oauth/authorize. Used by the tests of the sign-in limits.
import assert from 'node:assert/strict';
import { ALEXA_REDIRECT, authorizeUrl, type OAuthFixture } from '../oauth/flow.ts';
import { Browser, form } from '../oauth/browser.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * A fresh browser (behind `xff` when given) that has loaded the web sign-in page; the returned
 * function posts the form and returns the status. Apart, so that tests can post many at once.
 */
export async function prepareWebSignIn(
  url: string,
  xff: string | undefined,
): Promise<(email: string, password: string) => Promise<number>> {
  const browser = new Browser(xff === undefined ? {} : { 'x-forwarded-for': xff });
  const page = await browser.request(`${url}/signin`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(csrf, 'the sign-in page has a CSRF field');
  return async (email, password) => {
    const res = await browser.request(`${url}/signin`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ _csrf: csrf, email, password, next: '/dashboard' }).toString(),
    });
    return res.status;
  };
}

/** One web sign-in from a fresh browser (behind `xff` when given); returns the status. */
export async function webSignIn(
  url: string,
  xff: string | undefined,
  email: string,
  password: string,
): Promise<number> {
  return (await prepareWebSignIn(url, xff))(email, password);
}

/**
 * A fresh browser that has reached the account-linking sign-in page at the fixture's server; the
 * returned function posts the form to `postTo` (another instance of the same deployment) when given,
 * and returns the status. Apart, so that tests can post many at once.
 */
export async function prepareLinkingSignIn(
  f: OAuthFixture,
  xff: string | undefined,
  postTo: string = f.url,
): Promise<(email: string, password: string) => Promise<number>> {
  const browser = new Browser(xff === undefined ? {} : { 'x-forwarded-for': xff });
  const start = authorizeUrl(f.url, { client_id: f.clientId, redirect_uri: ALEXA_REDIRECT });
  const page = await browser.follow(start, f.url);
  const login = form(await page.res!.text(), 'login');
  return async (email, password) => {
    const res = await browser.request(new URL(login.action, postTo).href, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ csrf: login.csrf, email, password }).toString(),
    });
    return res.status;
  };
}

/** One sign-in on the account-linking page (see prepareLinkingSignIn). Returns the status. */
export async function linkingSignIn(
  f: OAuthFixture,
  xff: string | undefined,
  email: string,
  password: string,
  postTo: string = f.url,
): Promise<number> {
  return (await prepareLinkingSignIn(f, xff, postTo))(email, password);
}
