// Shared setup for the OAuth protocol tests: a server, Alexa's client registration, and the
// linking dance through the real HTML forms.
import * as oidc from 'openid-client';
import { freshServer } from '../support/env.ts';
import type { Dialect } from '../../src/store/db.ts';
import type { Logger } from '../../src/log.ts';
import type { App } from '../../src/app.ts';
import { Browser, form } from './browser.ts';

export const ALEXA_REDIRECT = 'https://pitangui.amazon.com/api/skill/link/M2TESTSKILL';
export const PASSWORD = 'correct horse battery';

export interface OAuthFixture {
  app: App;
  url: string;
  clientId: string;
  clientSecret: string;
  email: string;
  userId: string;
  config(auth?: 'basic' | 'post'): Promise<oidc.Configuration>;
  cleanup(): Promise<void>;
}

export async function oauthFixture(
  dialect: Dialect,
  opts: { env?: Record<string, string>; logger?: Logger; pkce?: boolean } = {},
): Promise<OAuthFixture> {
  const s = await freshServer(dialect, {
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const alexa = await s.app.oauth.clients.add({
    name: 'Alexa',
    redirectUris: [ALEXA_REDIRECT],
    requirePkce: opts.pkce ?? true,
  });
  const email = `ada-${dialect}@example.com`;
  const user = await s.app.accounts.create(email, PASSWORD);
  return {
    app: s.app,
    url: s.url,
    clientId: alexa.clientId,
    clientSecret: alexa.clientSecret,
    email,
    userId: user.id,
    config: (auth = 'basic') =>
      oidc.discovery(
        new URL(s.url),
        alexa.clientId,
        alexa.clientSecret,
        auth === 'basic'
          ? oidc.ClientSecretBasic(alexa.clientSecret)
          : oidc.ClientSecretPost(alexa.clientSecret),
        { algorithm: 'oauth2', execute: [oidc.allowInsecureRequests] },
      ),
    cleanup: () => s.cleanup(),
  };
}

export interface Linked {
  callback: URL;
  verifier: string;
  state: string;
  browser: Browser;
}

/** Plays the user in the Alexa app: authorize, sign in, allow; returns Alexa's callback URL. */
export async function link(
  f: OAuthFixture,
  config: oidc.Configuration,
  opts: {
    browser?: Browser;
    pkce?: boolean;
    email?: string;
    password?: string;
    /** The scope asked for; '' asks for none. */
    scope?: string;
  } = {},
): Promise<Linked> {
  const browser = opts.browser ?? new Browser();
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const params: Record<string, string> = { redirect_uri: ALEXA_REDIRECT, state };
  const scope = opts.scope ?? 'devices';
  if (scope) params.scope = scope;
  if (opts.pkce !== false) {
    params.code_challenge = await oidc.calculatePKCECodeChallenge(verifier);
    params.code_challenge_method = 'S256';
  }
  const authUrl = oidc.buildAuthorizationUrl(config, params).href;
  let step = await browser.follow(authUrl, f.url);
  for (let i = 0; i < 4 && step.res; i++) {
    const html = await step.res.text();
    if (step.res.status !== 200) throw new Error(`page ${step.url} answered ${step.res.status}:\n${html}`);
    const isLogin = html.includes('/login"');
    const target = isLogin ? form(html, 'login') : form(html, 'consent');
    const fields: Record<string, string> = { csrf: target.csrf };
    if (isLogin) Object.assign(fields, { email: opts.email ?? f.email, password: opts.password ?? PASSWORD });
    const posted = await browser.submit(f.url, target.action, fields);
    const location = posted.headers.get('location');
    if (posted.status !== 303 || !location)
      throw new Error(`form post answered ${posted.status}: ${await posted.text()}`);
    step = await browser.follow(new URL(location, f.url).href, f.url);
  }
  if (step.res) throw new Error(`linking did not reach the client: ${step.url}`);
  return { callback: new URL(step.url), verifier, state, browser };
}

export async function exchange(
  config: oidc.Configuration,
  linked: Linked,
): Promise<oidc.TokenEndpointResponse> {
  return oidc.authorizationCodeGrant(config, linked.callback, {
    pkceCodeVerifier: linked.verifier,
    expectedState: linked.state,
  });
}

/** A raw token endpoint request, as Alexa sends it. */
export async function tokenRequest(
  url: string,
  params: Record<string, string>,
  auth: { id: string; secret: string; method?: 'basic' | 'post' } | undefined,
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams(params);
  if (auth && (auth.method ?? 'basic') === 'basic') {
    const enc = (s: string) => encodeURIComponent(s);
    headers.authorization = `Basic ${Buffer.from(`${enc(auth.id)}:${enc(auth.secret)}`).toString('base64')}`;
  } else if (auth) {
    body.set('client_id', auth.id);
    body.set('client_secret', auth.secret);
  }
  const res = await fetch(`${url}/oauth/token`, { method: 'POST', headers, body: body.toString() });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

export function authorizeUrl(base: string, params: Record<string, string>): string {
  const u = new URL('/oauth/authorize', base);
  for (const [k, v] of Object.entries({ response_type: 'code', scope: 'devices', state: 'st', ...params }))
    u.searchParams.set(k, v);
  return u.href;
}

export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [h, p] = token.split('.') as [string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
  };
}
