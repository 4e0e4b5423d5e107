// The account-linking pages: sign in, sign up, consent, and errors. Server-rendered with the shared
// page shell; every form carries the CSRF token bound to its interaction.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { html, page, securityHeaders, type Raw } from '../web/html.ts';
import { emailField, passwordField, postForm, submitRow } from '../web/forms.ts';
import { MIN_PASSWORD_LENGTH } from '../cloud/accounts.ts';
import { describeScopes } from './policy/access.ts';

export interface FormContext {
  uid: string;
  csrf: string;
  clientName: string;
}

function action(uid: string, step: string): string {
  return `/oauth/interaction/${encodeURIComponent(uid)}/${step}`;
}

/** A form that posts one step of the interaction, with the CSRF token bound to it. */
function stepForm(f: FormContext, step: string, body: Raw): Raw {
  return postForm({ action: action(f.uid, step), csrf: { name: 'csrf', token: f.csrf } }, body);
}

function cancelForm(f: FormContext, label = 'Cancel'): Raw {
  return stepForm(f, 'abort', html`<button class="secondary" type="submit">${label}</button>`);
}

export function signInPage(f: FormContext, opts: { error?: string; email?: string } = {}): string {
  return page({
    title: 'Sign in',
    body: html`<div class="card">
      <h1>Sign in to link ${f.clientName}</h1>
      <p class="muted">${f.clientName} asks to use your My Lights account.</p>
      ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      ${stepForm(
        f,
        'login',
        html`${emailField({ value: opts.email, autofocus: true })} ${passwordField('current')}
        ${submitRow('Sign in')}`,
      )}
      <div class="actions">${cancelForm(f)}</div>
      <p>No account yet? <a href="${action(f.uid, 'signup')}">Create one</a>.</p>
    </div>`,
  });
}

export function signUpPage(f: FormContext, opts: { error?: string; email?: string } = {}): string {
  return page({
    title: 'Create an account',
    body: html`<div class="card">
      <h1>Create a My Lights account</h1>
      <p class="muted">Then you can link it to ${f.clientName}.</p>
      ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      ${stepForm(
        f,
        'signup',
        html`${emailField({ value: opts.email, autofocus: true })}
        ${passwordField('new', { label: `Password (at least ${MIN_PASSWORD_LENGTH} characters)` })}
        ${submitRow('Create account')}`,
      )}
      <p>Already have an account? <a href="/oauth/interaction/${encodeURIComponent(f.uid)}">Sign in</a>.</p>
    </div>`,
  });
}

export function consentPage(f: FormContext, opts: { email: string; scopes: string[] }): string {
  const abilities = describeScopes(opts.scopes);
  return page({
    title: 'Allow access',
    body: html`<div class="card">
      <h1>Allow ${f.clientName} to use My Lights?</h1>
      <p>Signed in as <strong>${opts.email}</strong>.</p>
      <p>${f.clientName} will be able to:</p>
      <ul class="scopes">
        ${abilities.map((a) => html`<li>${a}</li>`)}
      </ul>
      <p class="muted">
        It stays linked until you unlink it, in the Alexa app or under "Linked apps" in My Lights.
      </p>
      <div class="actions">
        ${stepForm(f, 'consent', html`<button type="submit">Allow</button>`)} ${cancelForm(f, 'Deny')}
      </div>
    </div>`,
  });
}

export function errorPage(title: string, message: string): string {
  return page({
    title,
    body: html`<div class="card">
      <h1>${title}</h1>
      <p class="error" role="alert">${message}</p>
      <p class="muted">
        Go back to the app you came from and start linking again. If this keeps happening, contact whoever
        runs this My Lights server.
      </p>
    </div>`,
  });
}

/** Words for the errors a user can meet at the authorization endpoint (never a redirect to an unverified URI). */
const PROVIDER_ERRORS: Record<string, [string, string]> = {
  invalid_client: ['Unknown app', 'The app that sent you here is not registered with this My Lights server.'],
  invalid_redirect_uri: [
    'Unregistered return address',
    'The app asked to send you back to an address that is not registered for it, so linking stopped here.',
  ],
  session_not_found: [
    'This sign-in has expired',
    'The sign-in page was open too long, or was opened in another browser. Start linking again from the app.',
  ],
  invalid_request: [
    'Linking request not understood',
    'The app sent an incomplete or invalid linking request.',
  ],
  server_error: [
    'Something went wrong',
    'My Lights could not complete the request. Please try again in a minute.',
  ],
};

export function describeError(error: string, description?: string): [string, string] {
  const known = PROVIDER_ERRORS[error];
  if (known) return known;
  return ['Linking failed', description ?? error];
}

/** oidc-provider's renderError: the page shown when it must not (or cannot) redirect back to the client. */
export function renderProviderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
  _error: Error,
): void {
  // oidc-provider reports a redirect_uri that is not registered as invalid_request naming redirect_uri.
  const badRedirect = out.error === 'invalid_request' && /redirect_uri/.test(out.error_description ?? '');
  const [title, message] = badRedirect
    ? PROVIDER_ERRORS.invalid_redirect_uri!
    : describeError(out.error, out.error_description);
  ctx.set(securityHeaders());
  ctx.type = 'html';
  ctx.body = errorPage(title, message);
}
