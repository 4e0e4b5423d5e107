import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cacheFile, cacheKey, cachedValidator } from './schema-cache.ts';
import { AlexaSchemaValidator } from './schema-validator.ts';
import { paths, setAt } from '../../test/support/mutation.ts';

const AMAZON =
  process.env.ALEXA_SCHEMA_PATH ??
  resolve(import.meta.dirname, '..', '..', '..', 'shared', 'alexa', 'alexa_smart_home_message_schema.json');

const work = mkdtempSync(join(tmpdir(), 'mylights-schema-cache-'));
after(() => rmSync(work, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(work, `cache-${dirs++}`);

// A small draft-04 schema standing in for Amazon's where only the cache's behaviour is under test.
const nameSchema = (maxLength: number) =>
  JSON.stringify({
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', maxLength } },
  });

const AJV_OPTIONS = { strict: false };
// Stands in for Ajv's standaloneCode: the cache only stores and runs what it is given.
const standaloneFor = (maxLength: number) => () =>
  `"use strict";module.exports = function validate(data) {
  const ok = typeof data === 'object' && data !== null && typeof data.name === 'string' && data.name.length <= ${maxLength};
  validate.errors = ok ? null : [{ instancePath: '/name', message: 'too long or missing' }];
  return ok;
};`;

const entries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.validator'));

describe('compiled-schema cache', () => {
  it('compiles once, then loads the stored validator without compiling', () => {
    const dir = freshDir();
    let compiles = 0;
    const generate = () => {
      compiles++;
      return standaloneFor(3)();
    };
    const first = cachedValidator(dir, nameSchema(3), AJV_OPTIONS, generate);
    const second = cachedValidator(dir, nameSchema(3), AJV_OPTIONS, generate);
    assert.deepEqual([first.from, second.from, compiles], ['compiled', 'cache', 1]);
    assert.deepEqual(
      [second.validate({ name: 'abc' }), second.validate({ name: 'abcd' }), second.validate({})],
      [true, false, false],
    );
    assert.equal(entries(dir).length, 1);
  });

  for (const [what, damage] of [
    [
      'a flipped byte in the code',
      (b: Buffer) => Buffer.from(b.toString('latin1').replace('<= 3', '<= 9'), 'latin1'),
    ],
    ['a truncated file', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    ['a garbage header', (b: Buffer) => Buffer.concat([Buffer.from('{"format":1,"key":\n'), b])],
    ['an empty file', () => Buffer.alloc(0)],
  ] as const) {
    it(`rebuilds an entry damaged by ${what}, never running it`, () => {
      const dir = freshDir();
      cachedValidator(dir, nameSchema(3), AJV_OPTIONS, standaloneFor(3));
      const file = cacheFile(dir, cacheKey(nameSchema(3), AJV_OPTIONS));
      writeFileSync(file, damage(readFileSync(file)));
      const rebuilt = cachedValidator(dir, nameSchema(3), AJV_OPTIONS, standaloneFor(3));
      assert.equal(rebuilt.from, 'compiled');
      // The damaged code would accept a 9-character name; the rebuilt validator still refuses it.
      assert.equal(rebuilt.validate({ name: 'abcdefghi' }), false);
      assert.equal(cachedValidator(dir, nameSchema(3), AJV_OPTIONS, standaloneFor(3)).from, 'cache');
    });
  }

  it('an entry whose header names another key is not used', () => {
    const dir = freshDir();
    cachedValidator(dir, nameSchema(3), AJV_OPTIONS, standaloneFor(3));
    // The entry of a 3-character schema, put where the 9-character schema's entry belongs.
    const wrong = readFileSync(cacheFile(dir, cacheKey(nameSchema(3), AJV_OPTIONS)));
    writeFileSync(cacheFile(dir, cacheKey(nameSchema(9), AJV_OPTIONS)), wrong);
    const loaded = cachedValidator(dir, nameSchema(9), AJV_OPTIONS, standaloneFor(9));
    assert.equal(loaded.from, 'compiled');
    assert.equal(loaded.validate({ name: 'abcdefghi' }), true);
  });

  it('changed Ajv options make a new entry', () => {
    const dir = freshDir();
    cachedValidator(dir, nameSchema(3), AJV_OPTIONS, standaloneFor(3));
    const other = cachedValidator(dir, nameSchema(3), { ...AJV_OPTIONS, allErrors: true }, standaloneFor(3));
    assert.equal(other.from, 'compiled');
    assert.equal(entries(dir).length, 2);
  });

  it('keeps at most four entries in a folder', () => {
    const dir = freshDir();
    for (let n = 1; n <= 6; n++) cachedValidator(dir, nameSchema(n), AJV_OPTIONS, standaloneFor(n));
    assert.equal(entries(dir).length, 4);
    // The newest is among them.
    assert.equal(cachedValidator(dir, nameSchema(6), AJV_OPTIONS, standaloneFor(6)).from, 'cache');
  });

  it('still validates when the cache folder cannot be written', () => {
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const loaded = cachedValidator(join(blocker, 'cache'), nameSchema(3), AJV_OPTIONS, standaloneFor(3));
    assert.equal(loaded.validate({ name: 'abcd' }), false);
    assert.equal(existsSync(join(blocker, 'cache')), false);
  });
});

describe('AlexaSchemaValidator with a cache folder', () => {
  const message = { event: { header: { namespace: 'Alexa', name: 'Response' } } };
  const schema = (names: string[]) =>
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      required: ['event'],
      properties: {
        event: {
          type: 'object',
          properties: { header: { properties: { name: { enum: names } } } },
        },
      },
    });

  it('a changed schema file is compiled again, not served from the old entry', () => {
    const dir = freshDir();
    const file = join(work, 'changing.schema.json');
    writeFileSync(file, schema(['Response', 'StateReport']));
    const before = new AlexaSchemaValidator({ amazonSchemaPath: file, cacheDir: dir });
    assert.equal(before.validate(message).ok, true);
    assert.equal(
      new AlexaSchemaValidator({ amazonSchemaPath: file, cacheDir: dir }).validate(message).ok,
      true,
    );

    writeFileSync(file, schema(['StateReport']));
    const afterChange = new AlexaSchemaValidator({ amazonSchemaPath: file, cacheDir: dir });
    const r = afterChange.validate(message);
    assert.equal(r.ok, false);
    assert.match(r.errors.join('\n'), /\/event\/header\/name must be equal to one of the allowed values/);
    assert.equal(entries(dir).length, 2);
  });

  it('a corrupt entry for the schema file is rebuilt and the validator judges as before', () => {
    const dir = freshDir();
    const file = join(work, 'corrupt.schema.json');
    writeFileSync(file, schema(['StateReport']));
    assert.equal(
      new AlexaSchemaValidator({ amazonSchemaPath: file, cacheDir: dir }).validate(message).ok,
      false,
    );
    const [entry] = entries(dir);
    writeFileSync(join(dir, entry!), 'module.exports = () => true;');
    const r = new AlexaSchemaValidator({ amazonSchemaPath: file, cacheDir: dir }).validate(message);
    assert.equal(r.ok, false);
    assert.notEqual(readFileSync(join(dir, entry!), 'utf8'), 'module.exports = () => true;');
  });
});

// Seeds: answers the skill gives (a light's Discover.Response, Response, StateReport) and the
// other shapes Amazon's schema covers; every mutation of them is judged by both validators.
const at = '2026-01-02T03:04:05.678Z';
const header = (namespace: string, name: string) => ({
  namespace,
  name,
  messageId: '8d558aa8-8a52-4b1f-9f7c-4894fd399a5c',
  correlationToken: 'corr-1',
  payloadVersion: '3',
});
const capability = (iface: string, property: string) => ({
  type: 'AlexaInterface',
  interface: iface,
  version: '3',
  properties: { supported: [{ name: property }], proactivelyReported: false, retrievable: true },
});
const properties = [
  { namespace: 'Alexa.EndpointHealth', name: 'connectivity', value: { value: 'OK' } },
  { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON' },
  { namespace: 'Alexa.BrightnessController', name: 'brightness', value: 50 },
  { namespace: 'Alexa.ColorController', name: 'color', value: { hue: 0, saturation: 0, brightness: 1 } },
].map((p) => ({ ...p, timeOfSample: at, uncertaintyInMilliseconds: 0 }));
const SEEDS: unknown[] = [
  {
    event: {
      header: { ...header('Alexa.Discovery', 'Discover.Response'), correlationToken: undefined },
      payload: {
        endpoints: [
          {
            endpointId: 'lamp',
            manufacturerName: 'mylights',
            description: 'Virtual light by mylights',
            friendlyName: 'Desk lamp',
            displayCategories: ['LIGHT'],
            capabilities: [
              { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
              capability('Alexa.EndpointHealth', 'connectivity'),
              capability('Alexa.PowerController', 'powerState'),
              capability('Alexa.BrightnessController', 'brightness'),
              capability('Alexa.ColorController', 'color'),
            ],
          },
        ],
      },
    },
  },
  {
    event: { header: header('Alexa', 'Response'), endpoint: { endpointId: 'lamp' }, payload: {} },
    context: { properties },
  },
  {
    event: { header: header('Alexa', 'StateReport'), endpoint: { endpointId: 'lamp' }, payload: {} },
    context: { properties },
  },
  {
    event: {
      header: header('Alexa', 'ErrorResponse'),
      endpoint: { endpointId: 'lamp' },
      payload: {
        type: 'VALUE_OUT_OF_RANGE',
        message: 'no',
        validRange: { minimumValue: 0, maximumValue: 100 },
      },
    },
  },
  { event: { header: header('Alexa', 'DeferredResponse'), payload: { estimatedDeferralInSeconds: 7 } } },
  { event: { header: header('Alexa.Authorization', 'AcceptGrant.Response'), payload: {} } },
].map((m) => JSON.parse(JSON.stringify(m)) as unknown);

const REMOVE = Symbol('remove');
const REPLACEMENTS: unknown[] = [REMOVE, null, 'x'.repeat(129), 'has space', -1, 3.5, true, {}, [], '3.1'];

describe("Amazon's schema, compiled anew and from the cache", () => {
  it('accepts and rejects exactly the same messages, with the same reasons', () => {
    assert.ok(existsSync(AMAZON), `Amazon's schema is expected at ${AMAZON}`);
    const dir = freshDir();
    const fresh = new AlexaSchemaValidator({ amazonSchemaPath: AMAZON });
    assert.ok(fresh.hasAmazonSchema);
    assert.ok(new AlexaSchemaValidator({ amazonSchemaPath: AMAZON, cacheDir: dir }).hasAmazonSchema);
    assert.equal(entries(dir).length, 1);
    const cached = new AlexaSchemaValidator({ amazonSchemaPath: AMAZON, cacheDir: dir });

    let accepted = 0;
    let rejected = 0;
    for (const seed of SEEDS) {
      assert.equal(fresh.validate(seed).ok, true, JSON.stringify(seed));
      for (const path of paths(seed))
        for (const replacement of REPLACEMENTS) {
          const message = setAt(seed, path, replacement, replacement === REMOVE);
          const a = fresh.validate(message);
          assert.deepEqual(cached.validate(message), a, JSON.stringify(message));
          if (a.ok) accepted++;
          else rejected++;
        }
    }
    assert.ok(accepted > 50 && rejected > 500, `accepted ${accepted}, rejected ${rejected}`);
  });
});
