// Form pieces shared by the account-linking pages and the web app, so that every POST form carries
// its CSRF field and every field its label, autocomplete and description in the same way. Every
// value is escaped by html``.
import { MIN_PASSWORD_LENGTH } from '../cloud/accounts.ts';
import { esc, html, raw, type Raw } from './html.ts';

/** A CSRF token and the field name its reader expects (the linking pages and the web app differ). */
export interface CsrfField {
  name: string;
  token: string;
}

/** Extra attributes: a string or number is written escaped, `true` as a bare attribute, `false`/undefined not at all. */
export type Attributes = Record<string, string | number | boolean | undefined>;

const ATTRIBUTE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * A start tag with its attributes escaped. Built as a string, not in html``, because prettier
 * formats html`` templates and would put a space before an interpolated attribute list.
 */
export function startTag(name: string, attrs: Attributes = {}): Raw {
  let out = `<${name}`;
  for (const [attr, value] of Object.entries(attrs)) {
    // Names come from code, so a malformed one is a bug, not input.
    if (!ATTRIBUTE_NAME.test(attr)) throw new Error(`not an attribute name: ${attr}`);
    if (value === undefined || value === false) continue;
    out += value === true ? ` ${attr}` : ` ${attr}="${esc(value)}"`;
  }
  return raw(name === 'input' ? `${out} />` : `${out}>`);
}

export function csrfInput(csrf: CsrfField): Raw {
  return startTag('input', { type: 'hidden', name: csrf.name, value: csrf.token });
}

/** A POST form that starts with its CSRF field. */
export function postForm(opts: { action: string; csrf: CsrfField; attrs?: Attributes }, body: Raw): Raw {
  const form = startTag('form', { method: 'post', action: opts.action, ...opts.attrs });
  return html`${form}
  ${csrfInput(opts.csrf)}${body}
</form>`;
}

/** The row with a form's submit button. */
export function submitRow(label: string | Raw, className?: string): Raw {
  const button = startTag('button', { type: 'submit', class: className });
  return html`<div class="actions">${button}${label}</button></div>`;
}

export interface FieldOptions {
  id: string;
  name: string;
  type: 'email' | 'password' | 'text' | 'range' | 'color';
  label: string | Raw;
  autocomplete?: string;
  required?: boolean;
  minlength?: number;
  maxlength?: number;
  value?: string | number;
  autofocus?: boolean;
  /** Ids of elements that describe the field besides its hint (e.g. the problem box). */
  describedBy?: string[];
  /** A hint under the field; it gets the id `<id>-hint` and describes the field. */
  hint?: string | Raw;
  /** Attributes the options above do not name (min, max, step, data-…). */
  attrs?: Attributes;
}

/** A label and its input, with an optional hint that describes it. */
export function field(f: FieldOptions): Raw {
  const hintId = f.hint === undefined ? undefined : `${f.id}-hint`;
  const describedBy = [...(f.describedBy ?? []), ...(hintId ? [hintId] : [])].join(' ');
  const input = startTag('input', {
    id: f.id,
    name: f.name,
    type: f.type,
    autocomplete: f.autocomplete,
    required: f.required,
    minlength: f.minlength,
    maxlength: f.maxlength,
    ...f.attrs,
    value: f.value,
    'aria-describedby': describedBy || undefined,
    autofocus: f.autofocus,
  });
  const hint = hintId ? html` <span class="hint" id="${hintId}">${f.hint}</span>` : '';
  return html`<label for="${f.id}">${f.label}</label> ${input}${hint}`;
}

/**
 * The account's email: `username` autocomplete where an existing account signs in, so password
 * managers pair it with the password; `email` where a new account is made.
 */
export function emailField(
  opts: {
    value?: string;
    autocomplete?: 'username' | 'email';
    autofocus?: boolean;
    describedBy?: string[];
  } = {},
): Raw {
  return field({
    id: 'email',
    name: 'email',
    type: 'email',
    label: 'Email',
    autocomplete: opts.autocomplete ?? 'username',
    required: true,
    value: opts.value ?? '',
    autofocus: opts.autofocus,
    describedBy: opts.describedBy,
  });
}

/** The account's password: the current one to sign in or confirm, or a new one of the minimum length. */
export function passwordField(
  purpose: 'current' | 'new',
  opts: { id?: string; label?: string | Raw; hint?: string | Raw } = {},
): Raw {
  return field({
    id: opts.id ?? 'password',
    name: 'password',
    type: 'password',
    label: opts.label ?? 'Password',
    autocomplete: `${purpose}-password`,
    required: true,
    minlength: purpose === 'new' ? MIN_PASSWORD_LENGTH : undefined,
    hint: opts.hint,
  });
}
