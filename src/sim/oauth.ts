// Account linking and token refresh as Alexa does them, with openid-client: authorization code
// grant with state and PKCE S256, a confidential client (client_secret_basic or _post), and the
// refresh_token grant when the access token has expired.
import { createServer, type Server } from 'node:http';
import * as oidc from 'openid-client';
import { MiniBrowser, pageError, parseForms, type HtmlForm } from './forms.ts';
import { SimulatorError, type LinkState } from './link-state.ts';

export interface ClientSettings {
  server: string;
  clientId: string;
  clientSecret: string;
  clientAuth: 'basic' | 'post';
}

export interface LinkOptions extends ClientSettings {
  redirectUri: string;
  scope: string;
  /** Sign in by submitting the HTML sign-in and consent forms; otherwise a person opens the URL. */
  signIn?: { email: string; password: string };
  /** Called with the URL a person must open (when not signing in itself). */
  showUrl?(url: string): void;
  /** How long to wait for the person, in ms. */
  waitMs?: number;
}

export async function clientConfig(c: ClientSettings): Promise<oidc.Configuration> {
  const server = new URL(c.server);
  const auth =
    c.clientAuth === 'post' ? oidc.ClientSecretPost(c.clientSecret) : oidc.ClientSecretBasic(c.clientSecret);
  try {
    return await oidc.discovery(server, c.clientId, c.clientSecret, auth, {
      algorithm: 'oauth2',
      // Plain HTTP only makes sense for a local server; Alexa itself requires HTTPS.
      ...(server.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      timeout: 10,
    });
  } catch (err) {
    throw new SimulatorError(
      `could not read the authorization server metadata at ${server.origin}/.well-known/oauth-authorization-server: ${(err as Error).message}`,
    );
  }
}

function pickSignIn(forms: HtmlForm[]): HtmlForm | undefined {
  return forms.find((f) => f.inputs.some((i) => i.type === 'password') && !/signup/i.test(f.action));
}

function pickConsent(forms: HtmlForm[]): HtmlForm | undefined {
  return (
    forms.find((f) => /consent|confirm|allow/i.test(f.action)) ??
    forms.find((f) => f.buttons.some((b) => /^(allow|approve|accept|continue)$/i.test(b)))
  );
}

/** Plays the person in the Alexa app: follows the authorization URL, signs in, allows. */
async function signInItself(
  authUrl: string,
  redirectUri: string,
  creds: { email: string; password: string },
): Promise<URL> {
  const browser = new MiniBrowser();
  const origin = new URL(authUrl).origin;
  let step = await browser.follow(authUrl, origin);
  let signedIn = false;
  for (let i = 0; i < 6; i++) {
    if (step.leftTo) {
      if (!step.leftTo.startsWith(redirectUri))
        throw new SimulatorError(`linking went to ${new URL(step.leftTo).origin}, not the redirect URI`);
      return new URL(step.leftTo);
    }
    const page = step.page!;
    if (page.status >= 400 && signedIn && pickSignIn(parseForms(page.html)))
      throw new SimulatorError(`sign-in refused: ${pageError(page.html) ?? `HTTP ${page.status}`}`);
    if (page.status >= 400) {
      throw new SimulatorError(
        `the authorization server answered ${page.status} at ${new URL(page.url).pathname}${pageError(page.html) ? `: ${pageError(page.html)}` : ''}`,
      );
    }
    const forms = parseForms(page.html);
    const signInForm = pickSignIn(forms);
    let form: HtmlForm | undefined;
    let fields: Record<string, string>;
    if (signInForm) {
      if (signedIn)
        throw new SimulatorError(`sign-in refused: ${pageError(page.html) ?? 'the sign-in page came back'}`);
      signedIn = true;
      form = signInForm;
      const user = signInForm.inputs.find(
        (x) => x.type === 'email' || /^(email|username|login)$/i.test(x.name),
      );
      const pass = signInForm.inputs.find((x) => x.type === 'password')!;
      fields = {
        ...signInForm.fields,
        ...(user ? { [user.name]: creds.email } : {}),
        [pass.name]: creds.password,
      };
    } else {
      form = pickConsent(forms);
      if (!form) throw new SimulatorError(`no sign-in or consent form on ${new URL(page.url).pathname}`);
      fields = { ...form.fields };
    }
    const res = await browser.submit(new URL(form.action, page.url).href, fields);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      step = await browser.follow(new URL(location, page.url).href, origin);
    } else {
      step = { page: { status: res.status, html: await res.text(), url: page.url } };
    }
  }
  throw new SimulatorError('linking did not reach the redirect URI');
}

/** Waits on the loopback redirect URI for the authorization server to send the browser back. */
function loopbackCallback(
  redirectUri: string,
  waitMs: number,
): { ready: Promise<void>; callback: Promise<URL>; close(): void } {
  const uri = new URL(redirectUri);
  if (uri.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(uri.hostname))
    throw new SimulatorError(
      `to wait for a person the redirect URI must be http://127.0.0.1:<port>/...; ${redirectUri} is not (or pass --email and --password to sign in without a browser)`,
    );
  let server: Server | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ready!: Promise<void>;
  const callback = new Promise<URL>((resolve, reject) => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== uri.pathname) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(
        '<!doctype html><title>Linked</title><p>Back to the terminal: the simulator has the answer. You can close this window.</p>',
      );
      resolve(url);
    });
    timer = setTimeout(
      () => reject(new SimulatorError(`nobody completed linking within ${waitMs / 1000} s`)),
      waitMs,
    );
    ready = new Promise<void>((ok, fail) => {
      server!.once('error', (e) => fail(new SimulatorError(`cannot listen on ${uri.host}: ${e.message}`)));
      server!.listen(Number(uri.port || 80), uri.hostname.replace(/^\[|\]$/g, ''), () => ok());
    });
  });
  return {
    ready,
    callback,
    close() {
      clearTimeout(timer);
      server?.close();
      server?.closeAllConnections();
    },
  };
}

/** Runs account linking and returns the state to keep. Registers nothing: the client must exist. */
export async function linkAccount(opts: LinkOptions): Promise<LinkState> {
  const config = await clientConfig(opts);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: opts.redirectUri,
    scope: opts.scope,
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  }).href;

  let callback: URL;
  if (opts.signIn) {
    callback = await signInItself(authUrl, opts.redirectUri, opts.signIn);
  } else {
    const listener = loopbackCallback(opts.redirectUri, opts.waitMs ?? 5 * 60_000);
    try {
      await listener.ready;
      opts.showUrl?.(authUrl);
      callback = await listener.callback;
    } finally {
      listener.close();
    }
  }
  let tokens: oidc.TokenEndpointResponse;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
    });
  } catch (err) {
    const e = err as { error?: string; error_description?: string; message: string };
    throw new SimulatorError(
      `linking failed: ${e.error ? `${e.error}${e.error_description ? ` (${e.error_description})` : ''}` : e.message}`,
    );
  }
  const now = Date.now();
  return {
    server: opts.server,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    clientAuth: opts.clientAuth,
    redirectUri: opts.redirectUri,
    scope: tokens.scope ?? opts.scope,
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    tokenType: tokens.token_type,
    expiresAt: now + (tokens.expires_in ?? 3600) * 1000,
    linkedAt: now,
  };
}

/** The refresh_token grant with client authentication, as Alexa runs it when the access token expired. */
export async function refreshTokens(state: LinkState): Promise<LinkState> {
  if (!state.refreshToken)
    throw new SimulatorError('the access token expired and there is no refresh token: link again');
  const config = await clientConfig(state);
  let tokens: oidc.TokenEndpointResponse;
  try {
    tokens = await oidc.refreshTokenGrant(config, state.refreshToken);
  } catch (err) {
    const e = err as { error?: string; error_description?: string; message: string };
    if (e.error === 'invalid_grant')
      throw new SimulatorError(
        `refresh refused (invalid_grant${e.error_description ? `: ${e.error_description}` : ''}): Alexa would now unlink this account; link again`,
      );
    throw new SimulatorError(`refresh failed (Alexa would retry later): ${e.error ?? e.message}`);
  }
  const now = Date.now();
  return {
    ...state,
    accessToken: tokens.access_token,
    // Without rotation the server sends no new refresh token: keep the one we have.
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    tokenType: tokens.token_type,
    expiresAt: now + (tokens.expires_in ?? 3600) * 1000,
    refreshedAt: now,
  };
}
