// Builders for every message the skill answers with. Each echoes the directive's correlation token,
// mints a fresh messageId and says payloadVersion "3"; properties carry timeOfSample (UTC, at most
// 3 fraction digits) and uncertaintyInMilliseconds.
import { randomUUID } from 'node:crypto';
import type { AlexaError } from './errors.ts';
import type { DirectiveRef } from './parse.ts';
import { alexaTime } from './time.ts';
import type { AlexaEvent, AlexaProperty, DiscoveryEndpoint, EventHeader } from './types.ts';

export const PAYLOAD_VERSION = '3';

function header(namespace: string, name: string, ref: DirectiveRef): EventHeader {
  return {
    namespace,
    name,
    messageId: randomUUID(),
    ...(ref.correlationToken !== undefined ? { correlationToken: ref.correlationToken } : {}),
    payloadVersion: PAYLOAD_VERSION,
  };
}

/** A reported property; `at` is when the value was last known to be true (epoch ms). */
export function property(
  namespace: string,
  name: string,
  value: unknown,
  at: number,
  uncertaintyInMilliseconds = 0,
  instance?: string,
): AlexaProperty {
  return {
    namespace,
    ...(instance !== undefined ? { instance } : {}),
    name,
    value,
    timeOfSample: alexaTime(at),
    uncertaintyInMilliseconds: Math.max(0, Math.round(uncertaintyInMilliseconds)),
  };
}

/** Alexa.Response: the directive was carried out; `properties` is the endpoint's state afterwards. */
export function response(
  ref: DirectiveRef,
  properties: AlexaProperty[] = [],
  payload: Record<string, unknown> = {},
): AlexaEvent {
  return {
    event: {
      header: header('Alexa', 'Response', ref),
      ...(ref.endpointId !== undefined ? { endpoint: { endpointId: ref.endpointId } } : {}),
      payload,
    },
    context: { properties },
  };
}

/** Alexa.StateReport: the answer to ReportState. */
export function stateReport(
  ref: DirectiveRef & { endpointId: string },
  properties: AlexaProperty[],
): AlexaEvent {
  return {
    event: {
      header: header('Alexa', 'StateReport', ref),
      endpoint: { endpointId: ref.endpointId },
      payload: {},
    },
    context: { properties },
  };
}

/** Alexa.Discovery Discover.Response. */
export function discoverResponse(ref: DirectiveRef, endpoints: DiscoveryEndpoint[]): AlexaEvent {
  return {
    event: { header: header('Alexa.Discovery', 'Discover.Response', ref), payload: { endpoints } },
  };
}

/** Alexa.DeferredResponse: the real answer follows asynchronously. */
export function deferredResponse(ref: DirectiveRef, estimatedDeferralInSeconds?: number): AlexaEvent {
  return {
    event: {
      header: header('Alexa', 'DeferredResponse', ref),
      payload:
        estimatedDeferralInSeconds !== undefined
          ? { estimatedDeferralInSeconds: Math.max(0, Math.round(estimatedDeferralInSeconds)) }
          : {},
    },
  };
}

/** Alexa.Authorization AcceptGrant.Response (for when proactive events exist). */
export function acceptGrantResponse(ref: DirectiveRef): AlexaEvent {
  return { event: { header: header('Alexa.Authorization', 'AcceptGrant.Response', ref), payload: {} } };
}

/** An ErrorResponse in the error's namespace; no context (the schema forbids one). */
export function errorResponse(ref: DirectiveRef, error: AlexaError): AlexaEvent {
  const withEndpoint = ref.endpointId !== undefined && error.namespace !== 'Alexa.Authorization';
  return {
    event: {
      header: header(error.namespace, 'ErrorResponse', ref),
      ...(withEndpoint ? { endpoint: { endpointId: ref.endpointId as string } } : {}),
      payload: { type: error.type, message: error.message || error.type, ...error.extra },
    },
  };
}
