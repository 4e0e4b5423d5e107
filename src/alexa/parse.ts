// Turns an untrusted value into a Directive, or says exactly why it is not one. Limits keep a
// hostile envelope from costing more than a real one.
import type { Directive, DirectiveEndpoint, DirectiveHeader } from './types.ts';

export type ParseResult = { ok: true; directive: Directive } | { ok: false; reason: string };

/** What can still be echoed from a message that failed to parse (only values the schema accepts). */
export interface DirectiveRef {
  namespace?: string;
  name?: string;
  correlationToken?: string;
  endpointId?: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9._]{0,127}$/;
const MESSAGE_ID_MAX = 256;
/** Alexa's endpointId alphabet (the response schema rejects anything else). */
export const ENDPOINT_ID = /^[a-zA-Z0-9_\-=#;:?@&]{1,256}$/;
const CORRELATION_TOKEN_MAX = 16 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseHeader(h: unknown): DirectiveHeader | string {
  if (!isRecord(h)) return 'directive.header is missing or not an object';
  const { namespace, name, messageId, correlationToken, payloadVersion, instance } = h;
  if (typeof namespace !== 'string' || !NAME.test(namespace))
    return 'directive.header.namespace is missing or not a namespace';
  if (typeof name !== 'string' || !NAME.test(name)) return 'directive.header.name is missing or not a name';
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > MESSAGE_ID_MAX)
    return 'directive.header.messageId is missing or not a string of 1..256 characters';
  if (typeof payloadVersion !== 'string' || !/^\d+(\.\d+)?$/.test(payloadVersion))
    return 'directive.header.payloadVersion is missing or not a version string';
  if (
    correlationToken !== undefined &&
    (typeof correlationToken !== 'string' ||
      correlationToken.length === 0 ||
      correlationToken.length > CORRELATION_TOKEN_MAX)
  )
    return 'directive.header.correlationToken is not a non-empty string';
  if (instance !== undefined && typeof instance !== 'string')
    return 'directive.header.instance is not a string';
  return {
    namespace,
    name,
    messageId,
    payloadVersion,
    ...(correlationToken !== undefined ? { correlationToken } : {}),
    ...(instance !== undefined ? { instance } : {}),
  };
}

function parseEndpoint(e: unknown): DirectiveEndpoint | string {
  if (!isRecord(e)) return 'directive.endpoint is not an object';
  const { endpointId, scope, cookie } = e;
  if (typeof endpointId !== 'string' || !ENDPOINT_ID.test(endpointId))
    return 'directive.endpoint.endpointId is missing or not a valid endpoint id';
  if (cookie !== undefined && !isRecord(cookie)) return 'directive.endpoint.cookie is not an object';
  return {
    endpointId,
    ...(scope !== undefined ? { scope } : {}),
    ...(cookie !== undefined ? { cookie } : {}),
  };
}

/** Decodes a JSON body; a body that is not JSON is a reasoned failure, not an exception. */
export function decodeJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: text.length === 0 ? 'the body is empty' : 'the body is not JSON' };
  }
}

/** Parses `{ directive: {...} }`. */
export function parseDirective(input: unknown): ParseResult {
  if (!isRecord(input)) return { ok: false, reason: 'the message is not a JSON object' };
  const d = input.directive;
  if (!isRecord(d)) return { ok: false, reason: 'the message has no "directive" object' };
  const header = parseHeader(d.header);
  if (typeof header === 'string') return { ok: false, reason: header };
  let endpoint: DirectiveEndpoint | undefined;
  if (d.endpoint !== undefined) {
    const parsed = parseEndpoint(d.endpoint);
    if (typeof parsed === 'string') return { ok: false, reason: parsed };
    endpoint = parsed;
  }
  const payload = d.payload === undefined ? {} : d.payload;
  if (!isRecord(payload)) return { ok: false, reason: 'directive.payload is not an object' };
  return { ok: true, directive: { header, ...(endpoint ? { endpoint } : {}), payload } };
}

/** Salvages echoable fields from anything, for an error answer to a message that did not parse. */
export function directiveRef(input: unknown): DirectiveRef {
  const ref: DirectiveRef = {};
  if (!isRecord(input) || !isRecord(input.directive)) return ref;
  const d = input.directive;
  if (isRecord(d.header)) {
    const { namespace, name, correlationToken } = d.header;
    if (typeof namespace === 'string' && NAME.test(namespace)) ref.namespace = namespace;
    if (typeof name === 'string' && NAME.test(name)) ref.name = name;
    if (
      typeof correlationToken === 'string' &&
      correlationToken.length > 0 &&
      correlationToken.length <= CORRELATION_TOKEN_MAX
    )
      ref.correlationToken = correlationToken;
  }
  if (
    isRecord(d.endpoint) &&
    typeof d.endpoint.endpointId === 'string' &&
    ENDPOINT_ID.test(d.endpoint.endpointId)
  )
    ref.endpointId = d.endpoint.endpointId;
  return ref;
}

/** The reference of a parsed directive. */
export function refOf(directive: Directive): DirectiveRef {
  return {
    namespace: directive.header.namespace,
    name: directive.header.name,
    ...(directive.header.correlationToken !== undefined
      ? { correlationToken: directive.header.correlationToken }
      : {}),
    ...(directive.endpoint ? { endpointId: directive.endpoint.endpointId } : {}),
  };
}
