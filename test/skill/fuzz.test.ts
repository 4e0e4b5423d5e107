// Thousands of malformed and mutated directives through the pipeline: every answer is schema-valid,
// nothing throws, and no auth error goes out unless the mutation broke the token itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSkill } from '../../src/skill/pipeline.ts';
import { registry } from '../../src/skill/interfaces/index.ts';
import { createLogger } from '../../src/log.ts';
import { UNLINKING_ERROR_TYPES } from '../../src/alexa/index.ts';
import { validateAlexaMessage } from '../support/alexa-schema.ts';
import { paths, setAt } from '../support/mutation.ts';
import { GOOD_TOKEN, MemoryCloud, OTHER_USER, ScriptedVerifier, envelope } from './support.ts';

const skill = createSkill({
  registry,
  verifier: new ScriptedVerifier(),
  cloud: new MemoryCloud([{ id: 'lamp' }, { id: 'their-lamp', userId: OTHER_USER }]),
  logger: createLogger('silent'),
  verifyTimeoutMs: 1000,
});

const SEEDS = [
  envelope('Alexa.PowerController', 'TurnOn'),
  envelope('Alexa.BrightnessController', 'SetBrightness', { payload: { brightness: 50 } }),
  envelope('Alexa.BrightnessController', 'AdjustBrightness', { payload: { brightnessDelta: -10 } }),
  envelope('Alexa.ColorController', 'SetColor', {
    payload: { color: { hue: 1, saturation: 0.5, brightness: 0.5 } },
  }),
  envelope('Alexa.ColorTemperatureController', 'SetColorTemperature', {
    payload: { colorTemperatureInKelvin: 3000 },
  }),
  envelope('Alexa', 'ReportState'),
  envelope('Alexa.Discovery', 'Discover'),
  envelope('Alexa.Authorization', 'AcceptGrant'),
];

const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constant(''),
  fc.constant('x'.repeat(300)),
  fc.constant('BearerTokenWithPartition'),
  fc.constant(GOOD_TOKEN),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constant({ type: 'BearerToken', token: 'garbage' }),
);

describe('fuzzed directives', () => {
  it('every answer is schema-valid and only a broken token yields an auth error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SEEDS),
        fc.nat(),
        junk,
        fc.boolean(),
        async (seed, pick, replacement, remove) => {
          const all = paths(seed);
          const path = all[pick % all.length]!;
          const mutated = setAt(seed, path, replacement, remove);
          const answer = await skill.handle(mutated);
          const check = validateAlexaMessage(answer);
          assert.ok(check.ok, `${check.errors.join('; ')}\n${JSON.stringify(answer)}`);
          const type = answer.event.payload.type;
          if (typeof type === 'string' && UNLINKING_ERROR_TYPES.has(type)) {
            // Only a mutation at (or of a parent of) the token's place can produce an auth error.
            const touchesToken = path.includes('token') || path.includes('scope') || path.includes('grantee');
            assert.ok(touchesToken, `auth error ${type} for a mutation at ${path.join('.')}`);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('arbitrary JSON values never crash the skill and always get a valid answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const answer = await skill.handle(value);
        assert.ok(validateAlexaMessage(answer).ok);
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary text bodies never crash the skill', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (text) => {
        const answer = await skill.handleJson(text);
        assert.ok(validateAlexaMessage(answer).ok);
      }),
      { numRuns: 1000 },
    );
  });
});
