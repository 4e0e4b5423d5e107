// The web app's pages, as functions of plain data. Every interpolation is escaped by html``.
import { html, raw, type PageOptions, type Raw } from './html.ts';
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

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}" />`;

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
    <form class="signout" method="post" action="/signout">
      ${csrfField(opts.csrf)}<button class="link" type="submit">
        Sign out<span class="visually-hidden"> of ${opts.email}</span>
      </button>
    </form>`;
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

export function signInPage(d: AuthFormData): PageOptions {
  return {
    title: 'Sign in',
    body: html`<h1>Sign in to My Lights</h1>
      ${problemBox(d.problem)}
      <form class="card" method="post" action="/signin" novalidate>
        ${csrfField(d.csrf)}<input type="hidden" name="next" value="${d.next}" />
        <label for="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value="${d.email ?? ''}"
          ${raw(d.problem ? ' aria-describedby="problem"' : '')}
        />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <div class="actions"><button type="submit">Sign in</button></div>
      </form>
      <p>New here? <a href="/signup?next=${encodeURIComponent(d.next)}">Create an account</a>.</p>`,
  };
}

export function signUpPage(d: AuthFormData): PageOptions {
  return {
    title: 'Create an account',
    body: html`<h1>Create your My Lights account</h1>
      ${problemBox(d.problem)}
      <form class="card" method="post" action="/signup" novalidate>
        ${csrfField(d.csrf)}<input type="hidden" name="next" value="${d.next}" />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" required value="${d.email ?? ''}" />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minlength="${MIN_PASSWORD_LENGTH}"
          aria-describedby="password-hint"
        />
        <span class="hint" id="password-hint"
          >At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.</span
        >
        <div class="actions"><button type="submit">Create account</button></div>
      </form>
      <p>Already have an account? <a href="/signin?next=${encodeURIComponent(d.next)}">Sign in</a>.</p>`,
  };
}

export function deviceCard(d: DeviceView, csrf: string): Raw {
  const titleId = `dev-${d.id}-name`;
  const light = d.light;
  const controls = light
    ? html`<form method="post" action="/devices/${d.id}/control" data-live="power">
          ${csrfField(csrf)}<input type="hidden" name="command" value="setPower" /><input
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
          </button>
        </form>
        <form method="post" action="/devices/${d.id}/control" data-live="brightness" class="control-row">
          ${csrfField(csrf)}<input type="hidden" name="command" value="setBrightness" />
          <div>
            <label for="dev-${d.id}-brightness"
              >Brightness <span class="muted" data-field="brightness-value">${light.brightness}%</span></label
            >
            <input
              id="dev-${d.id}-brightness"
              name="brightness"
              type="range"
              min="0"
              max="100"
              step="1"
              value="${light.brightness}"
              data-auto-submit
            />
          </div>
          <button type="submit" class="secondary">
            Set<span class="visually-hidden"> brightness of ${d.name}</span>
          </button>
        </form>
        <form method="post" action="/devices/${d.id}/control" data-live="color" class="control-row">
          ${csrfField(csrf)}<input type="hidden" name="command" value="setColor" />
          <div>
            <label for="dev-${d.id}-color">Colour</label>
            <input
              id="dev-${d.id}-color"
              name="color"
              type="color"
              value="${light.white ? '#ffffff' : light.hex}"
              data-auto-submit
            />
          </div>
          <button type="submit" class="secondary">
            Set<span class="visually-hidden"> colour of ${d.name}</span>
          </button>
        </form>`
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
      <form method="post" action="/devices/${d.id}/rename">
        ${csrfField(csrf)}<label for="dev-${d.id}-rename">New name</label>
        <input
          id="dev-${d.id}-rename"
          name="name"
          type="text"
          required
          maxlength="${MAX_NAME_LENGTH}"
          value="${d.name}"
        />
        <div class="actions"><button type="submit" class="secondary">Rename</button></div>
      </form>
      <form
        method="post"
        action="/devices/${d.id}/remove"
        data-confirm="Remove ${d.name}? Alexa will no longer find it."
      >
        ${csrfField(csrf)}
        <div class="actions"><button type="submit" class="danger secondary">Remove ${d.name}</button></div>
      </form>
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
      <form method="post" action="/devices">
        ${csrfField(d.csrf)}
        <label for="add-name">Name</label>
        <input
          id="add-name"
          name="name"
          type="text"
          required
          maxlength="${MAX_NAME_LENGTH}"
          aria-describedby="add-name-hint"
        />
        <span class="hint" id="add-name-hint">The name you will say to Alexa, e.g. “Desk lamp”.</span>
        <label for="add-type">Type</label>
        <select id="add-type" name="type">
          ${d.types.map((t) => html`<option value="${t.value}">${t.label}</option>`)}
        </select>
        <div class="actions"><button type="submit">Add device</button></div>
      </form>
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
            <form
              method="post"
              action="/apps/${a.grantId}/revoke"
              data-confirm="Unlink ${a.clientName}? It will lose access to your devices at once."
            >
              ${csrfField(d.csrf)}<button type="submit" class="danger secondary">
                Unlink<span class="visually-hidden"> ${a.clientName}</span>
              </button>
            </form>
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
      <form method="post" action="/account/delete">
        ${csrfField(d.csrf)}
        <label for="delete-password">Type your password to confirm</label>
        <input
          id="delete-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <div class="actions"><button type="submit" class="danger">Delete my account</button></div>
      </form>
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
