import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 3000);
    assert.equal(c.publicUrl, 'http://127.0.0.1:3000');
    assert.equal(c.dataDir, './data');
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.mqttUrl, undefined);
    assert.notEqual(c.mqttPort, 1883);
    assert.equal(c.virtualDevices, true);
    assert.equal(c.accessTokenTtl, 3600);
  });

  it('names every bad setting at once', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x',
          LOG_LEVEL: 'loud',
          VIRTUAL_DEVICES: 'maybe',
          ACCESS_TOKEN_TTL: '0',
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.message;
        for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'VIRTUAL_DEVICES', 'ACCESS_TOKEN_TTL']) {
          assert.match(text, new RegExp(name), `${name} is named`);
        }
        return true;
      },
    );
  });

  it('refuses to put the embedded broker on the system broker port', () => {
    assert.throws(() => loadConfig({ MQTT_PORT: '1883' }), /MQTT_PORT=1883/);
    assert.equal(
      loadConfig({ MQTT_PORT: '1883', MQTT_URL: 'mqtt://127.0.0.1:1883' }).mqttUrl,
      'mqtt://127.0.0.1:1883',
    );
  });

  it('derives PUBLIC_URL from HOST and PORT and strips a trailing slash', () => {
    assert.equal(loadConfig({ HOST: '127.0.0.2', PORT: '8080' }).publicUrl, 'http://127.0.0.2:8080');
    assert.equal(
      loadConfig({ PUBLIC_URL: 'https://lights.example.com/' }).publicUrl,
      'https://lights.example.com',
    );
  });
});
