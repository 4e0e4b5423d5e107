import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
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
    assert.equal(c.accessTokenLeeway, 60);
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
          ACCESS_TOKEN_LEEWAY: '600',
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.message;
        for (const name of [
          'PORT',
          'DATABASE_URL',
          'LOG_LEVEL',
          'VIRTUAL_DEVICES',
          'ACCESS_TOKEN_TTL',
          'ACCESS_TOKEN_LEEWAY',
        ]) {
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

  it('TRUST_PROXY trusts no proxy by default and takes addresses and CIDR ranges that fastify accepts', async () => {
    assert.deepEqual(loadConfig({}).trustProxy, []);
    assert.deepEqual(loadConfig({ TRUST_PROXY: ' ' }).trustProxy, []);
    const list = loadConfig({
      TRUST_PROXY: '127.0.0.1, 10.0.0.0/16,::1,fd00::/8 , 2001:db8::1/128,::ffff:192.0.2.1,',
    }).trustProxy;
    assert.deepEqual(list, [
      '127.0.0.1',
      '10.0.0.0/16',
      '::1',
      'fd00::/8',
      '2001:db8::1/128',
      '::ffff:192.0.2.1',
    ]);
    const server = Fastify({ trustProxy: list });
    server.get('/', async (req) => req.ip);
    const behindProxy = await server.inject({
      url: '/',
      remoteAddress: '10.0.3.4',
      headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.5' },
    });
    assert.equal(behindProxy.body, '203.0.113.5');
    const direct = await server.inject({
      url: '/',
      remoteAddress: '10.1.0.1',
      headers: { 'x-forwarded-for': '203.0.113.5' },
    });
    assert.equal(direct.body, '10.1.0.1');
    await server.close();
  });

  it('TRUST_PROXY names each entry it refuses, hop counts and trust-everything included', () => {
    const bad = ['2', 'true', '*', '0.0.0.0/0', '::/0', '10.0.0.0/33', 'fe80::/129', '10.0.0.0/255.0.0.0'];
    bad.push('10.0.0.0/8/8', 'proxy.internal', '010.0.0.1', 'fe80::1%eth0', '10.0.0.0/');
    assert.throws(
      () => loadConfig({ TRUST_PROXY: ['127.0.0.1', ...bad].join(',') }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems.length, bad.length, err.message);
        for (const entry of bad)
          assert.ok(err.message.includes(`TRUST_PROXY entry ${JSON.stringify(entry)}`), entry);
        return true;
      },
    );
  });
});
