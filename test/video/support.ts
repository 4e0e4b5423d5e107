// Plays one directive through the real pipeline and registry with the skill's port doubles
// (test/skill/support.ts), checks the answer against the schema that covers it, and hands back the
// answer and the in-memory cloud so a test can look at payloads and device state.
import assert from 'node:assert/strict';
import { createSkill } from '../../src/skill/pipeline.ts';
import { registry } from '../../src/skill/interfaces/index.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import {
  MemoryCloud,
  ScriptedVerifier,
  envelope,
  type DeviceSeed,
  type EnvelopeOptions,
} from '../skill/support.ts';

export interface Played {
  answer: AlexaEvent;
  cloud: MemoryCloud;
  /** The device after the directive (undefined when there was no such seed). */
  device(id: string): Record<string, unknown> | undefined;
}

export async function playDirective(
  namespace: string,
  name: string,
  opts: EnvelopeOptions & {
    devices: DeviceSeed[];
    verifier?: ScriptedVerifier;
    tracksConnectivity?: boolean;
    now?: () => number;
    logger?: Logger;
  },
): Promise<Played> {
  const cloud = new MemoryCloud(opts.devices);
  cloud.tracksConnectivity = opts.tracksConnectivity ?? false;
  const skill = createSkill({
    registry,
    verifier: opts.verifier ?? new ScriptedVerifier(),
    cloud,
    logger: opts.logger ?? createLogger('silent'),
    verifyTimeoutMs: 1000,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const env = envelope(namespace, name, opts);
  const answer = await skill.handle(env);
  assertAlexaMessage(answer);
  const sent = env.directive.header as { correlationToken?: string };
  assert.equal(answer.event.header.correlationToken, sent.correlationToken, 'correlationToken is echoed');
  return { answer, cloud, device: (id) => cloud.devices.get(id)?.state };
}

/** The three verdicts that must never be handled: and what the lights answer to each. */
export const TOKEN_CASES = [
  { token: 'expired-token', verdict: { kind: 'expired', expiredAt: 1_700_000_000_000 } },
  { token: 'revoked-token', verdict: { kind: 'invalid', reason: 'revoked' } },
  { token: 'unknown-token', verdict: { kind: 'invalid', reason: 'unknown' } },
  { token: 'deleted-user-token', verdict: { kind: 'invalid', reason: 'account_deleted' } },
  { token: 'flaky-store-token', verdict: { kind: 'transient', cause: 'token store timed out' } },
] as const;

export function tokenVerifier(): ScriptedVerifier {
  const v = new ScriptedVerifier();
  for (const c of TOKEN_CASES) v.set(c.token, { ...c.verdict });
  return v;
}

/** What an answer says, without what differs per message (ids, messages). */
export function shape(answer: AlexaEvent) {
  return {
    namespace: answer.event.header.namespace,
    name: answer.event.header.name,
    type: answer.event.payload.type,
    endpoint: answer.event.endpoint,
    context: answer.context,
  };
}
