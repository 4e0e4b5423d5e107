import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function cli(dataDir: string, ...args: string[]) {
  const res = spawnSync(process.execPath, ['bin/mylights.js', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('mylights clients', () => {
  it("registers Alexa's redirect URLs, prints the secret once, lists and removes", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mylights-cli-'));
    try {
      const uris = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'].flatMap((h) => [
        '--redirect-uri',
        `https://${h}/api/skill/link/M2X`,
      ]);
      const add = cli(dir, 'clients', 'add', '--name', 'Alexa', ...uris, '--pkce', '--json');
      assert.equal(add.code, 0, add.stderr);
      const client = JSON.parse(add.stdout) as {
        clientId: string;
        clientSecret: string;
        redirectUris: string[];
      };
      assert.equal(client.redirectUris.length, 3);
      const list = cli(dir, 'clients', 'list', '--json');
      assert.ok(!list.stdout.includes(client.clientSecret), 'list never shows the secret');
      assert.equal((JSON.parse(list.stdout) as unknown[]).length, 1);
      const bad = cli(dir, 'clients', 'add', '--name', 'x', '--redirect-uri', 'http://example.com/cb');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /only https:\/\//);
      assert.equal(cli(dir, 'clients', 'remove', client.clientId).code, 0);
      assert.equal(cli(dir, 'clients', 'remove', client.clientId).code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
