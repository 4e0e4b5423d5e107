// The README is the map: its settings table and commands must match what the code offers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from '../../src/config.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('documents every setting with its default', () => {
    for (const s of SETTINGS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${s.env}\` |`));
      assert.ok(row, `README has a row for ${s.env}`);
      assert.ok(
        row.includes(s.default.replace(/\|/g, '\\|')),
        `README gives ${s.env}'s default ${s.default}`,
      );
    }
  });

  it('gives the two quick-start commands and the test command .ci/run calls', () => {
    assert.match(readme, /npm ci && npm start/);
    assert.match(readme, /npm ci && npm test/);
    assert.match(readFileSync(join(ROOT, '.ci', 'run'), 'utf8'), /^npm test$/m);
  });

  it('links only to files that exist', () => {
    for (const [, target] of readme.matchAll(/\]\(((?:docs|deploy|schemas)\/[^)#\s]+)/g)) {
      assert.ok(existsSync(join(ROOT, target!)), `${target} exists`);
    }
  });
});
