import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_PASSWORD_LENGTH } from '../cloud/accounts.ts';
import { emailField, field, passwordField, postForm, submitRow } from './forms.ts';
import { html } from './html.ts';

const HOSTILE = `"><script>alert('x')</script>&`;
const ESCAPED = '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;';

describe('form helpers', () => {
  it('escapes every value, in attributes and in text', () => {
    const out = postForm(
      {
        action: `/a${HOSTILE}`,
        csrf: { name: 'csrf', token: `t${HOSTILE}` },
        attrs: { 'data-confirm': HOSTILE },
      },
      html`${field({ id: 'n', name: 'n', type: 'text', label: HOSTILE, value: HOSTILE, hint: HOSTILE })}
      ${submitRow(HOSTILE)}`,
    ).html;
    assert.doesNotMatch(out, /<script>/);
    assert.equal(out.split(ESCAPED).length - 1, 7, out);
  });

  it('starts a POST form with the CSRF field under the name its reader expects', () => {
    const out = postForm({ action: '/x', csrf: { name: '_csrf', token: 'tok' } }, html`<p>body</p>`).html;
    assert.match(
      out,
      /^<form method="post" action="\/x">\s*<input type="hidden" name="_csrf" value="tok" \/><p>/,
    );
  });

  it('labels each field and ties its hint and other descriptions to it', () => {
    const out = field({
      id: 'pw',
      name: 'password',
      type: 'password',
      label: 'Password',
      describedBy: ['problem'],
      hint: 'Long.',
    }).html;
    assert.match(out, /<label for="pw">Password<\/label>/);
    assert.match(
      out,
      /<input id="pw" name="password" type="password" aria-describedby="problem pw-hint" \/>/,
    );
    assert.match(out, /<span class="hint" id="pw-hint">Long\.<\/span>/);
  });

  it('gives password managers the autocomplete they need and new passwords the minimum length', () => {
    assert.match(emailField().html, /autocomplete="username" required value=""/);
    assert.match(emailField({ autocomplete: 'email' }).html, /autocomplete="email"/);
    assert.match(passwordField('current').html, /autocomplete="current-password" required \/>/);
    assert.match(
      passwordField('new').html,
      new RegExp(`autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}"`),
    );
  });

  it('writes true as a bare attribute, leaves out false and undefined, and refuses a malformed name', () => {
    const out = postForm(
      {
        action: '/x',
        csrf: { name: 'c', token: 't' },
        attrs: { novalidate: true, hidden: false, class: undefined },
      },
      html``,
    ).html;
    assert.match(out, /^<form method="post" action="\/x" novalidate>/);
    assert.throws(
      () => postForm({ action: '/x', csrf: { name: 'c', token: 't' }, attrs: { 'a onclick': 'x' } }, html``),
      /not an attribute name/,
    );
  });
});
