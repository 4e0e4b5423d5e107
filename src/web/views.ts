// The web app's pages, as functions of plain data. Every interpolation is escaped by html``.
import { html, raw, type PageOptions, type Raw } from './html.ts';
import {
  emailField,
  field,
  passwordField,
  postForm,
  submitRow,
  type Attributes,
  type FieldOptions,
} from './forms.ts';
import type { DeviceView } from './device-view.ts';
import { MIN_PASSWORD_LENGTH } from '../cloud/accounts.ts';
import { MAX_NAME_LENGTH } from '../cloud/devices.ts';

/** A problem told the way a person can act on it. */
export interface Problem {
  what: string;
  todo: string;
}

export type Section = 'devices' | 'apps' | 'account';

export function problemBox(p: Problem | undefined, id = 'problem'): Raw {
  if (!p) return raw('');
  return html`<div class="error" role="alert" id="${id}" tabindex="-1">
    <strong>${p.what}</strong> ${p.todo}
  </div>`;
}

export function noticeBox(text: string | undefined): Raw {
  if (!text) return raw('');
  return html`<div class="notice" role="status">${text}</div>`;
}

/** A POST form of the web app, with the session's CSRF token under the name the web app reads. */
function appForm(action: string, csrf: string, body: Raw, attrs?: Attributes): Raw {
  return postForm({ action, csrf: { name: '_csrf', token: csrf }, attrs }, body);
}

/** The signed-in shell: navigation with the current section marked, and a sign-out button. */
export function appPage(opts: {
  title: string;
  section: Section;
  csrf: string;
  email: string;
  body: Raw;
  scripts?: string[];
}): PageOptions {
  const link = (section: Section, href: string, label: string) =>
    html`<li>
      <a href="${href}" ${raw(opts.section === section ? ' aria-current="page"' : '')}>${label}</a>
    </li>`;
  const nav = html`<nav class="app-nav" aria-label="Main">
      <ul>
        ${link('devices', '/dashboard', 'Devices')}${link('apps', '/apps', 'Linked apps')}${link('account', '/account', 'Account')}
      </ul>
    </nav>
    ${appForm(
      '/signout',
      opts.csrf,
      html`<button class="link" type="submit">
        Sign out<span class="visually-hidden"> of ${opts.email}</span>
      </button>`,
      { class: 'signout' },
    )}`;
  return {
    title: opts.title,
    nav,
    wide: opts.section === 'devices',
    body: opts.body,
    ...(opts.scripts ? { scripts: opts.scripts } : {}),
  };
}

export function landingPage(notice?: string): PageOptions {
  return {
    title: 'Welcome',
    nav: html`<a class="top-link" href="/signin">Sign in</a>`,
    body: html`${noticeBox(notice)}
      <h1>Your lights, with Alexa</h1>
      <p class="lead">
        My Lights keeps your lights, TVs and meeting rooms in one account. Link it to Alexa once, then say
        “Alexa, turn on the desk lamp” and watch it happen here.
      </p>
      <div class="card">
        <h2>How it works</h2>
        <ol>
          <li>Create an account and add your devices.</li>
          <li>In the Alexa app, enable the My Lights skill and sign in with the same account.</li>
          <li>Control your devices by voice or from this site; changes show up here at once.</li>
        </ol>
        <div class="actions">
          <a class="button" href="/signup">Create account</a
          ><a class="button secondary" href="/signin">Sign in</a>
        </div>
      </div>`,
  };
}

export interface AuthFormData {
  csrf: string;
  next: string;
  email?: string;
  problem?: Problem;
}

/**
 * Sign in and sign up: a form the server checks (novalidate, so its problem box explains), carrying
 * the return path, and a link to the other page that keeps it.
 */
function authPage(
  d: AuthFormData,
  p: {
    title: string;
    heading: string;
    action: string;
    fields: Raw;
    other: { question: string; path: string; label: string };
  },
): PageOptions {
  const form = appForm(
    p.action,
    d.csrf,
    html`<input type="hidden" name="next" value="${d.next}" />${p.fields}`,
    { class: 'card', novalidate: true },
  );
  return {
    title: p.title,
    body: html`<h1>${p.heading}</h1>
      ${problemBox(d.problem)} ${form}
      <p>
        ${p.other.question} <a href="${p.other.path}?next=${encodeURIComponent(d.next)}">${p.other.label}</a>.
      </p>`,
  };
}

export function signInPage(d: AuthFormData): PageOptions {
  return authPage(d, {
    title: 'Sign in',
    heading: 'Sign in to My Lights',
    action: '/signin',
    fields: html`${emailField({ value: d.email, describedBy: d.problem ? ['problem'] : undefined })}
    ${passwordField('current')} ${submitRow('Sign in')}`,
    other: { question: 'New here?', path: '/signup', label: 'Create an account' },
  });
}

export function signUpPage(d: AuthFormData): PageOptions {
  const hint = `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`;
  return authPage(d, {
    title: 'Create an account',
    heading: 'Create your My Lights account',
    action: '/signup',
    fields: html`${emailField({ value: d.email, autocomplete: 'email' })} ${passwordField('new', { hint })}
    ${submitRow('Create account')}`,
    other: { question: 'Already have an account?', path: '/signin', label: 'Sign in' },
  });
}

/**
 * One control of a light: a field that app.js submits as it changes, and a Set button for when
 * scripts do not run. `live` names the state app.js keeps the form in step with.
 */
function controlRow(
  d: DeviceView,
  csrf: string,
  c: { command: string; what: string; live?: string; field: FieldOptions },
): Raw {
  return appForm(
    `/devices/${d.id}/control`,
    csrf,
    html`<input type="hidden" name="command" value="${c.command}" />
      <div>${field({ ...c.field, attrs: { ...c.field.attrs, 'data-auto-submit': true } })}</div>
      <button type="submit" class="secondary">
        Set<span class="visually-hidden"> ${c.what} of ${d.name}</span>
      </button>`,
    { 'data-live': c.live ?? c.what, class: 'control-row' },
  );
}

export function deviceCard(d: DeviceView, csrf: string): Raw {
  const titleId = `dev-${d.id}-name`;
  const light = d.light;
  const controls = light
    ? html`${appForm(
        `/devices/${d.id}/control`,
        csrf,
        html`<input type="hidden" name="command" value="setPower" /><input
            type="hidden"
            name="powerState"
            value="${light.on ? 'OFF' : 'ON'}"
          />
          <button
            type="submit"
            class="${light.on ? 'secondary' : ''}"
            aria-pressed="${light.on ? 'true' : 'false'}"
            aria-describedby="${titleId}"
          >
            ${light.on ? 'Turn off' : 'Turn on'}
          </button>`,
        { 'data-live': 'power' },
      )}
      ${controlRow(d, csrf, {
        command: 'setBrightness',
        what: 'brightness',
        field: {
          id: `dev-${d.id}-brightness`,
          name: 'brightness',
          type: 'range',
          label: html`Brightness
            <span class="muted" data-field="brightness-value">${light.brightness}%</span>`,
          attrs: { min: 0, max: 100, step: 1 },
          value: light.brightness,
        },
      })}
      ${controlRow(d, csrf, {
        command: 'setColor',
        what: 'colour',
        live: 'color',
        field: {
          id: `dev-${d.id}-color`,
          name: 'color',
          type: 'color',
          label: 'Colour',
          value: light.white ? '#ffffff' : light.hex,
        },
      })}`
    : html`<p class="muted">
        Control this ${d.type === 'tv' ? 'TV' : 'room'} with Alexa; controls here come later.
      </p>`;
  const swatchClass = light && !light.on ? 'swatch off' : 'swatch';
  const swatchStyle = light ? `background:${light.hex}` : '';
  return html`<li class="card device" id="dev-${d.id}" data-device-id="${d.id}" aria-labelledby="${titleId}">
    <div class="device-head">
      <span class="${swatchClass}" style="${swatchStyle}" aria-hidden="true" data-field="swatch"></span>
      <h3 id="${titleId}" data-field="name">${d.name}</h3>
      <span class="badge" data-field="offline" ${raw(d.online ? ' hidden' : '')}>Offline</span>
    </div>
    <p class="state" aria-live="polite" aria-atomic="true" data-field="summary">${d.summary}</p>
    <div class="device-error" data-field="error" aria-live="assertive"></div>
    ${controls}
    <details>
      <summary>Rename or remove<span class="visually-hidden"> ${d.name}</span></summary>
      ${appForm(
        `/devices/${d.id}/rename`,
        csrf,
        html`${field({
          id: `dev-${d.id}-rename`,
          name: 'name',
          type: 'text',
          label: 'New name',
          required: true,
          maxlength: MAX_NAME_LENGTH,
          value: d.name,
        })}
        ${submitRow('Rename', 'secondary')}`,
      )}
      ${appForm(`/devices/${d.id}/remove`, csrf, submitRow(`Remove ${d.name}`, 'danger secondary'), {
        'data-confirm': `Remove ${d.name}? Alexa will no longer find it.`,
      })}
    </details>
  </li>`;
}

export function dashboardBody(d: {
  devices: DeviceView[];
  csrf: string;
  types: Array<{ value: string; label: string }>;
  problem?: Problem;
  notice?: string;
}): Raw {
  const list = d.devices.length
    ? html`<ul class="devices" id="devices">
        ${d.devices.map((v) => deviceCard(v, d.csrf))}
      </ul>`
    : html`<ul class="devices" id="devices"></ul>
        <p id="no-devices" class="muted">
          No devices yet. Add one below, then ask Alexa to discover devices.
        </p>`;
  return html`<h1>Your devices</h1>
    <p class="muted" id="live-status" role="status">
      Changes made by voice or by the device show up here by themselves.
    </p>
    ${problemBox(d.problem)}${noticeBox(d.notice)} ${list}
    <section class="card" aria-labelledby="add-title">
      <h2 id="add-title">Add a virtual device</h2>
      ${appForm(
        '/devices',
        d.csrf,
        html`${field({
            id: 'add-name',
            name: 'name',
            type: 'text',
            label: 'Name',
            required: true,
            maxlength: MAX_NAME_LENGTH,
            hint: 'The name you will say to Alexa, e.g. “Desk lamp”.',
          })}
          <label for="add-type">Type</label>
          <select id="add-type" name="type">
            ${d.types.map((t) => html`<option value="${t.value}">${t.label}</option>`)}
          </select>
          ${submitRow('Add device')}`,
      )}
    </section>`;
}

export interface LinkedAppView {
  grantId: string;
  clientName: string;
  createdAt: number;
  lastUsedAt: number | null;
}

function when(ms: number | null): Raw {
  if (!ms) return html`never`;
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

export function appsBody(d: {
  apps: LinkedAppView[];
  csrf: string;
  problem?: Problem;
  notice?: string;
}): Raw {
  let content: Raw;
  if (d.apps.length === 0) {
    content = html`<p>
      No apps are linked. To link Alexa, enable the My Lights skill in the Alexa app and sign in there.
    </p>`;
  } else {
    content = html`<ul class="linked">
      ${d.apps.map(
        (a) =>
          html`<li>
            <div>
              <h2>${a.clientName}</h2>
              <dl>
                <dt>Linked</dt>
                <dd>${when(a.createdAt)}</dd>
                <dt>Last used</dt>
                <dd>${when(a.lastUsedAt)}</dd>
              </dl>
            </div>
            ${appForm(
              `/apps/${a.grantId}/revoke`,
              d.csrf,
              html`<button type="submit" class="danger secondary">
                Unlink<span class="visually-hidden"> ${a.clientName}</span>
              </button>`,
              { 'data-confirm': `Unlink ${a.clientName}? It will lose access to your devices at once.` },
            )}
          </li>`,
      )}
    </ul>`;
  }
  return html`<h1>Linked apps</h1>
    <p class="muted">
      Apps you allowed to control your devices. Unlinking one stops it at once; you can link it again later
      from the app.
    </p>
    ${problemBox(d.problem)}${noticeBox(d.notice)}
    <div class="card">${content}</div>`;
}

export function accountBody(d: { email: string; createdAt: number; csrf: string; problem?: Problem }): Raw {
  return html`<h1>Account</h1>
    <div class="card">
      <h2>Signed in as</h2>
      <p>${d.email}</p>
      <p class="muted">Member since ${when(d.createdAt)}</p>
    </div>
    <section class="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete your account</h2>
      <p>
        This deletes your account and all your devices for good, and
        <strong>unlinks Alexa and every other linked app</strong>: Alexa will ask you to link again if you
        come back.
      </p>
      ${problemBox(d.problem)}
      ${appForm(
        '/account/delete',
        d.csrf,
        html`${passwordField('current', { id: 'delete-password', label: 'Type your password to confirm' })}
        ${submitRow('Delete my account', 'danger')}`,
      )}
    </section>`;
}

export function messagePage(
  title: string,
  problem: Problem,
  link = { href: '/', label: 'Go to the start page' },
): PageOptions {
  return {
    title,
    body: html`<h1>${title}</h1>
      ${problemBox(problem)}
      <p><a href="${link.href}">${link.label}</a></p>`,
  };
}
