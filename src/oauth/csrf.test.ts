import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsrfTokens } from './csrf.ts';

describe('CSRF tokens', () => {
  it('checklist 29: accept only the token issued for the same interaction uid', () => {
    const csrf = new CsrfTokens('k');
    const t = csrf.issue('uid-1');
    assert.equal(csrf.verify('uid-1', t), true);
    assert.equal(csrf.verify('uid-2', t), false);
    assert.equal(csrf.verify('uid-1', undefined), false);
    assert.equal(csrf.verify('uid-1', `${t}x`), false);
    assert.equal(new CsrfTokens('other').verify('uid-1', t), false);
  });
});
