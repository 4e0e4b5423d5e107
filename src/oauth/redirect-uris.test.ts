import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClientInputError, validateRedirectUri } from './redirect-uris.ts';

describe('redirect URI registration', () => {
  it("accepts Amazon's three account-linking redirect URL forms", () => {
    for (const uri of [
      'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA',
      'https://layla.amazon.com/api/skill/link/M2AAAAAAAAAAAA',
      'https://alexa.amazon.co.jp/api/skill/link/M2AAAAAAAAAAAA',
    ]) {
      assert.equal(validateRedirectUri(uri), uri);
    }
  });

  it('checklist 3: refuses http:// except on loopback, with a message naming the rule', () => {
    assert.throws(
      () => validateRedirectUri('http://pitangui.amazon.com/api/skill/link/X'),
      (e: ClientInputError) => e instanceof ClientInputError && /only https:\/\//.test(e.message),
    );
    assert.equal(validateRedirectUri('http://127.0.0.1:4000/cb'), 'http://127.0.0.1:4000/cb');
    assert.equal(validateRedirectUri('http://localhost/cb'), 'http://localhost/cb');
  });

  it('refuses relative URLs, fragments and embedded credentials', () => {
    for (const bad of ['/cb', 'https://a.example/cb#x', 'https://u:p@a.example/cb', 'javascript:alert(1)']) {
      assert.throws(() => validateRedirectUri(bad), ClientInputError);
    }
  });
});
