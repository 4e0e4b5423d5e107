// The Alexa smart home message shapes this project reads and writes (payloadVersion "3").
// Directives are what Alexa sends; events are what the skill answers. No I/O here.

/** A scope as Alexa sends it in a directive (endpoint.scope, payload.scope or payload.grantee). */
export type Scope =
  | { type: 'BearerToken'; token: string }
  // userId is optional: Amazon's own Alexa.Calendar example sends a partition without one.
  | { type: 'BearerTokenWithPartition'; token: string; partition: string; userId?: string };

export interface DirectiveHeader {
  namespace: string;
  name: string;
  messageId: string;
  /** Absent on Discover and AcceptGrant; echoed in every answer when present. */
  correlationToken?: string;
  payloadVersion: string;
  /** Some interfaces (e.g. ColorController) name an instance; kept for modules that need it. */
  instance?: string;
}

export interface DirectiveEndpoint {
  endpointId: string;
  /** Left unchecked by the parser: token extraction judges it, so a bad scope is a reasoned INVALID_DIRECTIVE. */
  scope?: unknown;
  cookie?: Record<string, unknown>;
}

/** A parsed directive. The payload is an open record; each interface module reads its own fields. */
export interface Directive {
  header: DirectiveHeader;
  endpoint?: DirectiveEndpoint;
  payload: Record<string, unknown>;
}

/** The envelope Alexa posts: `{ "directive": { ... } }`. */
export interface DirectiveEnvelope {
  directive: Directive;
}

/** One reported property (context.properties[] of Response and StateReport). */
export interface AlexaProperty {
  namespace: string;
  /** For interfaces with instances (ToggleController, RangeController...). */
  instance?: string;
  name: string;
  value: unknown;
  /** ISO 8601 UTC with at most 3 fraction digits. */
  timeOfSample: string;
  uncertaintyInMilliseconds: number;
}

export interface EventHeader {
  namespace: string;
  name: string;
  messageId: string;
  correlationToken?: string;
  payloadVersion: string;
}

export interface EventEndpoint {
  endpointId: string;
  scope?: { type: 'BearerToken'; token: string };
}

/** Any message the skill sends back to Alexa. */
export interface AlexaEvent {
  event: {
    header: EventHeader;
    endpoint?: EventEndpoint;
    payload: Record<string, unknown>;
  };
  context?: { properties: AlexaProperty[] };
}

/** A capability entry of a discovered endpoint. */
export interface DiscoveryCapability {
  type: 'AlexaInterface';
  interface: string;
  version: string;
  instance?: string;
  properties?: {
    supported: Array<{ name: string }>;
    proactivelyReported: boolean;
    retrievable: boolean;
    nonControllable?: boolean;
  };
  configuration?: Record<string, unknown>;
  capabilityResources?: Record<string, unknown>;
  semantics?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface DiscoveryEndpoint {
  endpointId: string;
  manufacturerName: string;
  description: string;
  friendlyName: string;
  displayCategories: string[];
  capabilities: DiscoveryCapability[];
  additionalAttributes?: Record<string, string>;
  cookie?: Record<string, string>;
}

export interface ValidRange {
  minimumValue: number;
  maximumValue: number;
}
