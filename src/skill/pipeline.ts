// The skill core: one directive in, one Alexa message out. The steps, in order:
//   0. decode     the body: JSON text (POST /alexa) or a value (Lambda); refused bodies end here
//   1. parse      the envelope into a Directive (else INVALID_DIRECTIVE, with the reason)
//   2. route      namespace/name to an interface module's handler (else INVALID_DIRECTIVE)
//   3. extract    the access token from where this directive kind carries it (else INVALID_DIRECTIVE)
//   4. verify     the token with the TokenVerifier port, bounded in time (a hang is INTERNAL_ERROR)
//   5. accept     only a "valid" verdict; any other verdict is rejected to the funnel
//   5a. scope     the token must carry the devices scope, as the resource API requires (else
//                 INSUFFICIENT_PERMISSIONS: the token is valid, so the user is not unlinked)
//   5b. limit     the verified user's directive rate (rate-limit.ts; else RATE_LIMIT_EXCEEDED)
//   6. dispatch   to the handler with the verified user and the ports
//   7. answer     the handler's message, or the funnel's (funnel.ts) for anything thrown on the way
// The only try/catch of the skill is in handle(); the error contract lives in answerFor().
import type { Logger } from '../log.ts';
import { tokenDigest, tokenHash } from '../log.ts';
import type { Verdict } from '../auth/verdict.ts';
import {
  InsufficientPermissionsError,
  InvalidDirectiveError,
  NoSuchEndpointError,
  errorResponse,
  extractToken,
  parseDirective,
  decodeJson,
  directiveRef,
  refOf,
  response,
  stateReport,
  type AlexaEvent,
  type AlexaProperty,
  type Directive,
  type DirectiveRef,
  type DiscoveryEndpoint,
} from '../alexa/index.ts';
import type { Registry } from './registry.ts';
import type { HandlerContext } from './interface-module.ts';
import type { Clock, Device, SkillCloud, SkillUser, TokenVerifier } from './ports.ts';
import {
  answerFor,
  DirectiveTimeoutError,
  VerdictRejection,
  VerifyTimeoutError,
  type FailureAnswer,
} from './funnel.ts';
import { describeEndpoint } from './describe.ts';
import { directiveSeconds, directivesTotal, verdictsTotal } from './metrics.ts';
import type { DirectiveRateLimiter } from './rate-limit.ts';
import { Deadlines } from './deadlines.ts';
import { DEVICE_SCOPE } from '../cloud/api/contract.ts';

/** Default bound on token verification: far inside Alexa's 8 s, leaving time for the device. */
export const DEFAULT_VERIFY_TIMEOUT_MS = 2000;
/** Default bound on a whole directive: an answer before Alexa's 8 s, with room for the network. */
export const DEFAULT_DIRECTIVE_TIMEOUT_MS = 7500;
/** Largest directive body POST /alexa accepts (real directives are a few KB). */
export const MAX_DIRECTIVE_BYTES = 64 * 1024;

export interface SkillDeps {
  registry: Registry;
  verifier: TokenVerifier;
  cloud: SkillCloud;
  logger: Logger;
  verifyTimeoutMs?: number;
  /**
   * Bound on the whole directive, verification included: past it the answer is INTERNAL_ERROR
   * (never an auth error), whatever is still waiting. Default DEFAULT_DIRECTIVE_TIMEOUT_MS.
   */
  directiveTimeoutMs?: number;
  now?: Clock;
  /** Directive rate limits; shared across skills built by one hosting shape. Absent: no limit. */
  rateLimiter?: DirectiveRateLimiter;
}

export interface Skill {
  /** Answers a directive envelope that is already a JS value (Lambda's event, a parsed body). */
  handle(envelope: unknown): Promise<AlexaEvent>;
  /** Answers a raw body: JSON text that should hold a directive envelope. */
  handleJson(body: string): Promise<AlexaEvent>;
  /** Answers a request refused before parsing (e.g. a body over the size limit). */
  refuse(reason: string): Promise<AlexaEvent>;
  readonly registry: Registry;
}

/** What one directive's handling learned, for the log line and the metrics. */
interface Trace {
  ref: DirectiveRef;
  messageId?: string;
  routed: boolean;
  verdict?: Verdict;
  tokenHash?: string;
  /** Set when verification itself failed (threw or timed out) instead of giving a verdict. */
  verifyFailed?: 'timeout' | 'error';
}

/** The verifier's answer, bounded in time; an answer given synchronously (a cached verdict) needs no bound. */
function within<T>(work: () => T | Promise<T>, deadlines: Deadlines): T | Promise<T> {
  const pending = work();
  return isThenable(pending) ? deadlines.within(pending) : pending;
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function userOf(verdict: Verdict): SkillUser {
  if (verdict.kind !== 'valid') throw new VerdictRejection(verdict);
  return {
    userId: verdict.userId,
    clientId: verdict.clientId,
    scopes: verdict.scopes,
    grantId: verdict.grantId,
  };
}

export function createSkill(deps: SkillDeps): Skill {
  const { registry, verifier, cloud } = deps;
  // Every field of a directive's line is built here from typed values (a token only as its hash), so
  // the key-based redaction that guards other lines cannot change it; skipping it halves the line's
  // cost, which is paid on every directive.
  const log = deps.logger.child({ component: 'skill' }, { redact: [] });
  const now = deps.now ?? Date.now;
  const verifyDeadlines = new Deadlines(
    deps.verifyTimeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS,
    (ms) => new VerifyTimeoutError(ms),
  );
  // Only some steps have a timer of their own (verification, the device's ack); this bound catches
  // the rest, e.g. a store read stuck behind a lock, and answers before Alexa gives up (decision 0204).
  const directiveDeadlines = new Deadlines(
    deps.directiveTimeoutMs ?? DEFAULT_DIRECTIVE_TIMEOUT_MS,
    (ms) => new DirectiveTimeoutError(ms),
  );

  const shared: Shared = { registry, cloud, now };

  async function run(input: Input, trace: Trace): Promise<AlexaEvent> {
    const envelope = decode(input); //                                       0. decode
    trace.ref = directiveRef(envelope);
    const parsed = parseDirective(envelope); //                              1. parse
    if (!parsed.ok) throw new InvalidDirectiveError(parsed.reason);
    const directive = parsed.directive;
    trace.ref = refOf(directive);
    trace.messageId = directive.header.messageId;
    const route = registry.route(directive.header.namespace, directive.header.name); // 2. route
    if (!route)
      throw new InvalidDirectiveError(
        `${directive.header.namespace}.${directive.header.name} is not supported`,
      );
    trace.routed = true;
    const token = extractToken(directive); //                                3. extract
    if (!token.ok) throw new InvalidDirectiveError(token.reason);
    const digest = tokenDigest(token.token);
    trace.tokenHash = tokenHash(token.token, digest);
    const verdict = await within(() => verifier.verify(token.token, digest), verifyDeadlines); // 4. verify
    trace.verdict = verdict;
    const user = userOf(verdict); //                                         5. accept
    if (!user.scopes.includes(DEVICE_SCOPE))
      //                              5a. scope
      throw new InsufficientPermissionsError(`the access token was not granted the "${DEVICE_SCOPE}" scope`);
    // Discover and ReportState are Alexa polling: they count against the user, not the endpoint.
    const limited = directive.header.name === 'ReportState' ? undefined : directive.endpoint?.endpointId;
    deps.rateLimiter?.check(user.userId, limited); //                        5b. limit
    return route.handler(directive, new DirectiveContext(user, shared)); // 6. dispatch
  }

  async function handle(input: Input): Promise<AlexaEvent> {
    const started = performance.now();
    const trace: Trace = { ref: {}, routed: false };
    let message: AlexaEvent;
    let outcome: string;
    let failure: FailureAnswer | undefined;
    try {
      message = await directiveDeadlines.within(run(input, trace)); //       7. answer
      outcome = message.event.header.name;
    } catch (err) {
      if (trace.tokenHash && !trace.verdict)
        trace.verifyFailed =
          err instanceof VerifyTimeoutError || err instanceof DirectiveTimeoutError ? 'timeout' : 'error';
      failure = answerFor(err, trace.ref.namespace);
      message = errorResponse(trace.ref, failure.error);
      outcome = failure.error.type;
    }
    record(trace, outcome, performance.now() - started, failure);
    return message;
  }

  function record(
    trace: Trace,
    outcome: string,
    durationMs: number,
    failure: FailureAnswer | undefined,
  ): void {
    const namespace = trace.routed ? (trace.ref.namespace ?? 'unknown') : 'unknown';
    const name = trace.routed ? (trace.ref.name ?? 'unknown') : 'unknown';
    directivesTotal.inc({ namespace, name, outcome });
    directiveSeconds.observe({ namespace, name }, durationMs / 1000);
    const v = trace.verdict;
    if (v)
      verdictsTotal.inc({
        kind: v.kind,
        reason: v.kind === 'invalid' ? v.reason : v.kind === 'transient' ? 'transient' : '',
      });
    else if (trace.verifyFailed) verdictsTotal.inc({ kind: 'none', reason: trace.verifyFailed });
    const line = {
      messageId: trace.messageId,
      namespace: trace.ref.namespace,
      name: trace.ref.name,
      endpointId: trace.ref.endpointId,
      tokenHash: trace.tokenHash,
      verdict: v?.kind,
      reason: v?.kind === 'invalid' ? v.reason : v?.kind === 'transient' ? v.cause : undefined,
      outcome,
      durationMs: Math.round(durationMs * 100) / 100,
    };
    if (!failure) {
      log.info(line, 'directive answered');
    } else if (failure.unlinksUser) {
      log.warn(
        { ...line, cause: failure.cause, unlink: true },
        `${outcome}: Alexa will unlink this user (token ${trace.tokenHash ?? '?'}); they must link the account again`,
      );
    } else if (failure.bug) {
      log.error({ ...line, cause: failure.cause, unlink: false }, `${outcome} (our bug; no unlink risk)`);
    } else {
      log.warn({ ...line, cause: failure.cause, unlink: false }, `${outcome} (no unlink risk)`);
    }
  }

  return {
    registry,
    handle: (value) => handle({ kind: 'value', value }),
    handleJson: (text) => handle({ kind: 'json', text }),
    refuse: (reason) => handle({ kind: 'refused', reason }),
  };
}

type Input =
  { kind: 'value'; value: unknown } | { kind: 'json'; text: string } | { kind: 'refused'; reason: string };

function decode(input: Input): unknown {
  switch (input.kind) {
    case 'value':
      return input.value;
    case 'refused':
      throw new InvalidDirectiveError(input.reason);
    case 'json': {
      const decoded = decodeJson(input.text);
      if (!decoded.ok) throw new InvalidDirectiveError(decoded.reason);
      return decoded.value;
    }
  }
}

/** What every directive's context shares; built once per skill. */
interface Shared {
  registry: Registry;
  cloud: SkillCloud;
  now: Clock;
}

/** One directive's HandlerContext: a class, so a directive allocates one object and no closures. */
class DirectiveContext implements HandlerContext {
  readonly cloud: SkillCloud;
  readonly now: Clock;

  constructor(
    readonly user: SkillUser,
    private readonly shared: Shared,
  ) {
    this.cloud = shared.cloud;
    this.now = shared.now;
  }

  /** A device as the skill reports it: without connectivity tracking a device is always reachable. */
  private view(device: Device): Device {
    return this.cloud.tracksConnectivity ? device : { ...device, online: true };
  }

  private propertiesOf(device: Device): AlexaProperty[] {
    const at = this.now();
    const v = this.view(device);
    const out: AlexaProperty[] = [];
    for (const m of this.shared.registry.modules) if (m.capability(v)) out.push(...m.properties(v, at));
    return out;
  }

  async endpointDevice(directive: Directive): Promise<Device> {
    if (!directive.endpoint) throw new InvalidDirectiveError('directive.endpoint is missing');
    const id = directive.endpoint.endpointId;
    const device = await this.cloud.getDevice(this.user.userId, id);
    if (!device) throw new NoSuchEndpointError(`no endpoint ${id} for this user`);
    const module = this.shared.registry.module(directive.header.namespace);
    if (module && module.namespace !== 'Alexa' && !module.capability(this.view(device)))
      throw new InvalidDirectiveError(`endpoint ${id} does not support ${module.namespace}`);
    return device;
  }

  respond(directive: Directive, device: Device): AlexaEvent {
    return response({ ...refOf(directive), endpointId: device.id }, this.propertiesOf(device));
  }

  stateReport(directive: Directive, device: Device): AlexaEvent {
    return stateReport({ ...refOf(directive), endpointId: device.id }, this.propertiesOf(device));
  }

  describe(device: Device): DiscoveryEndpoint | null {
    return describeEndpoint(this.shared.registry, this.view(device));
  }
}
