import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturnPath } from './return-path.ts';

describe('safeReturnPath', () => {
  it('keeps a same-origin relative path with its query', () => {
    assert.equal(safeReturnPath('/apps'), '/apps');
    assert.equal(safeReturnPath('/dashboard?x=1'), '/dashboard?x=1');
  });

  it('refuses anything that could leave the site', () => {
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      // Dot segments that the URL parser collapses into a protocol-relative '//host'.
      '/.//evil.example',
      '/a/..//evil.example',
      '/%2e%2e//evil.example/x',
      '/x/%2E%2E//evil.example',
      'javascript:alert(1)',
      'apps',
      '',
      '/signin?next=/apps',
      '/' + 'a'.repeat(600),
      42,
      undefined,
    ]) {
      assert.equal(safeReturnPath(bad), '/dashboard', JSON.stringify(bad));
    }
  });
});
