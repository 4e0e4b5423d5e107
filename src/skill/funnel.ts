// THE error contract, in one function. Every failure of the pipeline — a verdict that is not
// "valid", a typed Alexa error, a device-cloud error, a timeout, a bug — reaches answerFor() and
// nothing else decides which ErrorResponse goes out. Only a verdict can produce the two answers that
// make Alexa unlink the user (EXPIRED_/INVALID_AUTHORIZATION_CREDENTIAL).
import type { Verdict } from '../auth/verdict.ts';
import {
  AcceptGrantFailedError,
  AlexaError,
  EndpointUnreachableError,
  ExpiredAuthorizationCredentialError,
  InternalError,
  InvalidAuthorizationCredentialError,
  InvalidValueError,
  NoSuchEndpointError,
  UNLINKING_ERROR_TYPES,
  ValueOutOfRangeError,
} from '../alexa/index.ts';
import {
  CloudUnavailableError,
  DeviceFaultError,
  DeviceUnreachableError,
  DeviceValueError,
  NoSuchDeviceError,
} from '../cloud/device-errors.ts';

export type FailedVerdict = Exclude<Verdict, { kind: 'valid' }>;

/** Thrown by the pipeline when the verifier's verdict is not "valid". */
export class VerdictRejection extends Error {
  constructor(readonly verdict: FailedVerdict) {
    super(`verdict ${verdict.kind}`);
    this.name = 'VerdictRejection';
  }
}

/** Verification did not finish within its bound: not a verdict on the token. */
export class VerifyTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`token verification did not finish within ${ms} ms`);
    this.name = 'VerifyTimeoutError';
  }
}

/**
 * The whole directive was not answered within its bound (DIRECTIVE_TIMEOUT_MS in-process, the
 * directive's deadline in Lambda): something after verification (a store read, a device call) is
 * stuck. Alexa stops waiting at 8 s; an answer before then tells the user something went wrong, and
 * it is never about the token.
 */
export class DirectiveTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`the directive was not answered within ${ms} ms`);
    this.name = 'DirectiveTimeoutError';
  }
}

export interface FailureAnswer {
  error: AlexaError;
  /** True only for EXPIRED_/INVALID_AUTHORIZATION_CREDENTIAL: Alexa will unlink the user. */
  unlinksUser: boolean;
  /** What happened, for the log (never a token). */
  cause: string;
  /** An error we did not expect: a bug of ours, logged at error level. */
  bug: boolean;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `non-error thrown: ${typeof err}`;
}

function classify(err: unknown): Omit<FailureAnswer, 'unlinksUser'> {
  if (err instanceof VerdictRejection) {
    const v = err.verdict;
    switch (v.kind) {
      case 'expired':
        return {
          error: new ExpiredAuthorizationCredentialError('the access token has expired'),
          cause: 'verdict expired',
          bug: false,
        };
      case 'invalid':
        return {
          error: new InvalidAuthorizationCredentialError(`the access token is not valid (${v.reason})`),
          cause: `verdict invalid: ${v.reason}`,
          bug: false,
        };
      case 'transient':
        return {
          error: new InternalError('the token could not be verified right now; try again'),
          cause: `verdict transient: ${v.cause}`,
          bug: false,
        };
    }
  }
  if (err instanceof VerifyTimeoutError)
    return {
      error: new InternalError('the token could not be verified in time'),
      cause: err.message,
      bug: false,
    };
  if (err instanceof DirectiveTimeoutError)
    return {
      error: new InternalError('the directive could not be completed in time; try again'),
      cause: err.message,
      bug: false,
    };
  if (err instanceof AlexaError) {
    // Auth errors come from verdicts only: one thrown by a handler or adapter is a bug, not a verdict.
    if (UNLINKING_ERROR_TYPES.has(err.type))
      return {
        error: new InternalError('internal error'),
        cause: `auth error thrown outside a verdict: ${err.message}`,
        bug: true,
      };
    return { error: err, cause: err.message, bug: false };
  }
  if (err instanceof NoSuchDeviceError)
    return { error: new NoSuchEndpointError(err.message), cause: err.message, bug: false };
  if (err instanceof DeviceUnreachableError)
    return { error: new EndpointUnreachableError(err.message), cause: err.message, bug: false };
  // The device answered but failed: INTERNAL_ERROR to Alexa, logged as the device's fault, not ours.
  if (err instanceof DeviceFaultError)
    return { error: new InternalError('the device failed the command'), cause: err.message, bug: false };
  // The cloud behind the skill is down or slow (the Lambda's API calls): an outage, not our bug.
  if (err instanceof CloudUnavailableError)
    return {
      error: new InternalError('the device cloud is unavailable right now; try again'),
      cause: err.message,
      bug: false,
    };
  if (err instanceof DeviceValueError) {
    const error = err.validRange
      ? new ValueOutOfRangeError(err.message, err.validRange)
      : new InvalidValueError(err.message);
    return { error, cause: err.message, bug: false };
  }
  // Anything else is our bug (or a dependency's fault we did not type): never the user's token, never the device.
  return { error: new InternalError('internal error'), cause: errorText(err), bug: true };
}

/** Maps anything the pipeline caught to the one answer it deserves. */
export function answerFor(err: unknown, namespace: string | undefined): FailureAnswer {
  const c = classify(err);
  // AcceptGrant has exactly one error answer; it never unlinks (the link is being made).
  const error =
    namespace === 'Alexa.Authorization' && c.error.namespace !== 'Alexa.Authorization'
      ? new AcceptGrantFailedError(`${c.error.type}: ${c.error.message}`)
      : c.error;
  return { ...c, error, unlinksUser: error.unlinksUser };
}
