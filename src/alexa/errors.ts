// One error class per Alexa error type the skill can answer with. A handler throws one of these;
// the skill's single error funnel turns it into an ErrorResponse. The two auth errors exist for
// completeness of the protocol, but the funnel only lets them out when a verifier's verdict said so.
import type { ValidRange } from './types.ts';

export const ALEXA_ERROR_TYPES = [
  'ALREADY_IN_OPERATION',
  'BRIDGE_UNREACHABLE',
  'CLOUD_CONTROL_DISABLED',
  'ENDPOINT_BUSY',
  'ENDPOINT_LOW_POWER',
  'ENDPOINT_UNREACHABLE',
  'EXPIRED_AUTHORIZATION_CREDENTIAL',
  'FIRMWARE_OUT_OF_DATE',
  'HARDWARE_MALFUNCTION',
  'INSUFFICIENT_PERMISSIONS',
  'INTERNAL_ERROR',
  'INVALID_AUTHORIZATION_CREDENTIAL',
  'INVALID_DIRECTIVE',
  'INVALID_VALUE',
  'NO_SUCH_ENDPOINT',
  'NOT_CALIBRATED',
  'NOT_SUPPORTED_IN_CURRENT_MODE',
  'NOT_IN_OPERATION',
  'POWER_LEVEL_NOT_SUPPORTED',
  'RATE_LIMIT_EXCEEDED',
  'VALUE_OUT_OF_RANGE',
  'TOO_MANY_FAILED_ATTEMPTS',
] as const;
export type AlexaErrorType = (typeof ALEXA_ERROR_TYPES)[number];

/** The two answers that make Alexa delete the user's link. */
export const UNLINKING_ERROR_TYPES: ReadonlySet<string> = new Set([
  'EXPIRED_AUTHORIZATION_CREDENTIAL',
  'INVALID_AUTHORIZATION_CREDENTIAL',
]);

/**
 * An error the skill answers with. `namespace` is the ErrorResponse's namespace: "Alexa" for the
 * generic errors, or an interface's own (Alexa.Authorization, Alexa.Video, ...). `extra` holds
 * type-specific payload fields (validRange, currentDeviceMode, ...).
 */
export class AlexaError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly namespace: string = 'Alexa',
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AlexaError';
  }

  get unlinksUser(): boolean {
    return this.namespace === 'Alexa' && UNLINKING_ERROR_TYPES.has(this.type);
  }
}

export class InvalidDirectiveError extends AlexaError {
  constructor(message: string) {
    super('INVALID_DIRECTIVE', message);
    this.name = 'InvalidDirectiveError';
  }
}

export class InvalidValueError extends AlexaError {
  constructor(message: string) {
    super('INVALID_VALUE', message);
    this.name = 'InvalidValueError';
  }
}

export class ValueOutOfRangeError extends AlexaError {
  constructor(
    message: string,
    readonly validRange?: ValidRange,
  ) {
    super('VALUE_OUT_OF_RANGE', message, 'Alexa', validRange ? { validRange } : {});
    this.name = 'ValueOutOfRangeError';
  }
}

export class NoSuchEndpointError extends AlexaError {
  constructor(message: string) {
    super('NO_SUCH_ENDPOINT', message);
    this.name = 'NoSuchEndpointError';
  }
}

export class EndpointUnreachableError extends AlexaError {
  constructor(message: string) {
    super('ENDPOINT_UNREACHABLE', message);
    this.name = 'EndpointUnreachableError';
  }
}

export class EndpointBusyError extends AlexaError {
  constructor(message: string) {
    super('ENDPOINT_BUSY', message);
    this.name = 'EndpointBusyError';
  }
}

export class BridgeUnreachableError extends AlexaError {
  constructor(message: string) {
    super('BRIDGE_UNREACHABLE', message);
    this.name = 'BridgeUnreachableError';
  }
}

export class NotSupportedInCurrentModeError extends AlexaError {
  constructor(message: string, currentDeviceMode: 'COLOR' | 'ASLEEP' | 'NOT_PROVISIONED' | 'OTHER') {
    super('NOT_SUPPORTED_IN_CURRENT_MODE', message, 'Alexa', { currentDeviceMode });
    this.name = 'NotSupportedInCurrentModeError';
  }
}

export class RateLimitExceededError extends AlexaError {
  constructor(message: string) {
    super('RATE_LIMIT_EXCEEDED', message);
    this.name = 'RateLimitExceededError';
  }
}

/** The token is valid but was not granted what the directive needs (the devices scope). */
export class InsufficientPermissionsError extends AlexaError {
  constructor(message: string) {
    super('INSUFFICIENT_PERMISSIONS', message);
    this.name = 'InsufficientPermissionsError';
  }
}

export class InternalError extends AlexaError {
  constructor(message: string) {
    super('INTERNAL_ERROR', message);
    this.name = 'InternalError';
  }
}

export class ExpiredAuthorizationCredentialError extends AlexaError {
  constructor(message: string) {
    super('EXPIRED_AUTHORIZATION_CREDENTIAL', message);
    this.name = 'ExpiredAuthorizationCredentialError';
  }
}

export class InvalidAuthorizationCredentialError extends AlexaError {
  constructor(message: string) {
    super('INVALID_AUTHORIZATION_CREDENTIAL', message);
    this.name = 'InvalidAuthorizationCredentialError';
  }
}

/** Alexa.Authorization's only error: the AcceptGrant could not be completed. */
export class AcceptGrantFailedError extends AlexaError {
  constructor(message: string) {
    super('ACCEPT_GRANT_FAILED', message, 'Alexa.Authorization');
    this.name = 'AcceptGrantFailedError';
  }
}
