// Keeps the OpenAPI document and the routes in step: every registered route is documented, every
// documented operation exists, and real answers match the documented schema for their status.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { freshApp, freshServer } from '../support/env.ts';
import { ScriptedVerifier } from '../support/scripted-verifier.ts';
import { resourceApi } from '../../src/cloud/api/plugin.ts';
import { API_PREFIX } from '../../src/cloud/api/contract.ts';
import { openApiPath } from '../../src/cloud/api/openapi.ts';

interface OpenApiDoc {
  openapi: string;
  components: Record<string, unknown>;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: { 'application/json': { schema: unknown } } }> }>
  >;
}

describe('OpenAPI document', () => {
  let s: Awaited<ReturnType<typeof freshServer>>;
  let doc: OpenApiDoc;
  const verifier = new ScriptedVerifier();
  const ajv = new Ajv2020({ strict: false });
  const validatorFor = (path: string, method: string, status: number) => {
    const response = doc.paths[path]?.[method]?.responses[String(status)];
    assert.ok(response, `${method.toUpperCase()} ${path} documents status ${status}`);
    return ajv.compile({
      components: doc.components,
      ...(response.content['application/json'].schema as object),
    });
  };

  before(async () => {
    s = await freshServer('sqlite');
    s.app.verifier = verifier;
    const res = await fetch(`${s.url}${API_PREFIX}/openapi.json`);
    assert.equal(res.status, 200);
    doc = (await res.json()) as OpenApiDoc;
  });
  after(() => s.cleanup());

  it('is OpenAPI 3.1 and documents exactly the registered routes', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const { app, cleanup } = await freshApp('sqlite');
    try {
      const registered = new Set<string>();
      const server = Fastify();
      server.addHook('onRoute', (r) => {
        const methods = Array.isArray(r.method) ? r.method : [r.method];
        for (const m of methods) {
          if (m === 'HEAD' || r.url === `${API_PREFIX}/openapi.json`) continue;
          registered.add(`${m.toLowerCase()} ${openApiPath(r.url.slice(API_PREFIX.length))}`);
        }
      });
      await server.register(resourceApi(app), { prefix: API_PREFIX });
      await server.ready();
      const documented = new Set(
        Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)),
      );
      assert.deepEqual([...registered].sort(), [...documented].sort());
      await server.close();
    } finally {
      await cleanup();
    }
  });

  it('every operation documents the bearer errors and the outage answer', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const status of ['400', '401', '500', '503']) {
          assert.ok(op.responses[status], `${method} ${path} documents ${status}`);
        }
      }
    }
  });

  it('real answers match the documented schema of their status', async () => {
    const user = await s.app.accounts.create('ann@example.com', 'password-1');
    const light = await s.app.devices.add(user.id, 'light', 'Lamp');
    const good = { authorization: `Bearer ${verifier.valid(user.id)}` };
    const noScope = { authorization: `Bearer ${verifier.valid(user.id, [])}` };
    const expired = { authorization: `Bearer ${verifier.issue({ kind: 'expired', expiredAt: 0 })}` };
    const json = { 'content-type': 'application/json' };
    const cases: Array<[string, string, string, Record<string, string>, string | undefined, number]> = [
      ['get', '/me', '/me', good, undefined, 200],
      ['get', '/me', '/me', expired, undefined, 401],
      ['get', '/devices', '/devices', good, undefined, 200],
      ['get', '/devices', '/devices', noScope, undefined, 403],
      ['get', '/devices/{id}', `/devices/${light.id}`, good, undefined, 200],
      ['get', '/devices/{id}', '/devices/light-nope', good, undefined, 404],
      [
        'post',
        '/devices/{id}/commands',
        `/devices/${light.id}/commands`,
        { ...good, ...json },
        '{"name":"setPower","params":{"powerState":"ON"}}',
        200,
      ],
      [
        'post',
        '/devices/{id}/commands',
        `/devices/${light.id}/commands`,
        { ...good, ...json },
        '{"name":"setBrightness","params":{"brightness":-1}}',
        422,
      ],
      [
        'post',
        '/devices/{id}/commands',
        `/devices/${light.id}/commands`,
        { ...good, ...json },
        '{"nome":"x"}',
        400,
      ],
    ];
    for (const [method, docPath, path, headers, body, status] of cases) {
      const res = await fetch(`${s.url}${API_PREFIX}${path}`, {
        method: method.toUpperCase(),
        headers,
        ...(body ? { body } : {}),
      });
      assert.equal(res.status, status, `${method} ${path}`);
      const validate = validatorFor(`${API_PREFIX}${docPath}`, method, status);
      const answer: unknown = await res.json();
      assert.ok(validate(answer), `${method} ${path} ${status}: ${JSON.stringify(validate.errors)}`);
    }
  });
});
