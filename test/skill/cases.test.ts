// Plays every case table in test/skill/cases/*.cases.ts (found by glob) through the skill pipeline.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSkill } from '../../src/skill/pipeline.ts';
import { registry } from '../../src/skill/interfaces/index.ts';
import { createLogger } from '../../src/log.ts';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { MemoryCloud, OTHER_USER, ScriptedVerifier, envelope } from './support.ts';
import type { SkillCase } from './case.ts';

const dir = join(import.meta.dirname, 'cases');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.cases.ts'))
  .sort();

const TIME = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export async function playCase(c: SkillCase): Promise<{ answer: AlexaEvent; cloud: MemoryCloud }> {
  const cloud = new MemoryCloud(c.devices ?? [{ id: 'lamp' }, { id: 'their-lamp', userId: OTHER_USER }]);
  cloud.tracksConnectivity = c.tracksConnectivity ?? false;
  const skill = createSkill({
    registry,
    verifier: new ScriptedVerifier(),
    cloud,
    logger: createLogger('silent'),
    verifyTimeoutMs: 1000,
  });
  const [namespace, name, opts] = c.directive;
  const env = envelope(namespace, name, opts);
  const answer = await skill.handle(env);
  assertAlexaMessage(answer);
  const h = answer.event.header;
  const sent = env.directive.header as { messageId: string; correlationToken?: string };
  assert.equal(h.correlationToken, sent.correlationToken, 'correlationToken is echoed');
  assert.notEqual(h.messageId, sent.messageId, 'messageId is fresh');
  assert.equal(h.payloadVersion, '3');
  const defaultNs = c.expect.name === 'Discover.Response' ? 'Alexa.Discovery' : 'Alexa';
  assert.equal(h.namespace, c.expect.namespace ?? defaultNs, JSON.stringify(answer.event.payload));
  assert.equal(h.name, c.expect.name, JSON.stringify(answer.event.payload));
  if (c.expect.error) {
    assert.equal(answer.event.payload.type, c.expect.error.type, String(answer.event.payload.message));
    if (c.expect.error.validRange)
      assert.deepEqual(answer.event.payload.validRange, c.expect.error.validRange);
  }
  for (const p of answer.context?.properties ?? []) {
    assert.match(p.timeOfSample, TIME);
    assert.equal(typeof p.uncertaintyInMilliseconds, 'number');
  }
  for (const want of c.expect.properties ?? []) {
    const got = answer.context?.properties.find(
      (p) => p.namespace === want.namespace && p.name === want.name,
    );
    assert.ok(got, `property ${want.namespace}.${want.name} is reported`);
    assert.deepEqual(got.value, want.value, `${want.namespace}.${want.name}`);
  }
  if (c.expect.endpoints) {
    const endpoints = (answer.event.payload.endpoints as Array<{ endpointId: string }>).map(
      (e) => e.endpointId,
    );
    assert.deepEqual(endpoints, c.expect.endpoints);
  }
  if (c.command !== undefined) {
    const executed = cloud.commands.map((x) => x.command);
    assert.deepEqual(executed, c.command === null ? [] : [c.command]);
  }
  return { answer, cloud };
}

for (const file of files) {
  const { cases } = (await import(pathToFileURL(join(dir, file)).href)) as { cases: SkillCase[] };
  describe(`interface cases: ${file}`, () => {
    for (const c of cases) it(c.name, async () => void (await playCase(c)));
  });
}

describe('case tables', () => {
  it('every registered interface with directives has a case table', () => {
    const covered = files.join(' ');
    for (const m of registry.modules) {
      if (Object.keys(m.handlers).length === 0) continue;
      assert.ok(
        covered.includes(`${m.namespace}.cases.ts`),
        `test/skill/cases/${m.namespace}.cases.ts exists`,
      );
    }
  });
});
