// Failures of the device cloud that the skill turns into Alexa errors (ENDPOINT_UNREACHABLE,
// NO_SUCH_ENDPOINT, VALUE_OUT_OF_RANGE). None of them is about the user's token. Also the registry's
// input error, which the CLI recognises without loading the store.

/** A device name or type the registry refuses (devices.ts). */
export class DeviceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceInputError';
  }
}

/**
 * The device cloud itself could not be reached or did not answer in time (an outage, a timeout, a
 * proxy's error, Alexa's time budget spent). Alexa hears INTERNAL_ERROR; the log names the cloud's
 * trouble at warn level, not a bug of the skill, and never the user's token.
 */
export class CloudUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudUnavailableError';
  }
}

export class NoSuchDeviceError extends Error {
  constructor(readonly deviceId: string) {
    super(`no device ${deviceId} for this user`);
    this.name = 'NoSuchDeviceError';
  }
}

export class DeviceUnreachableError extends Error {
  constructor(
    readonly deviceId: string,
    readonly why: 'offline' | 'timeout',
  ) {
    super(
      why === 'offline' ? `device ${deviceId} is offline` : `device ${deviceId} did not acknowledge in time`,
    );
    this.name = 'DeviceUnreachableError';
  }
}

export class DeviceValueError extends Error {
  constructor(
    readonly deviceId: string,
    message: string,
    readonly validRange?: { minimumValue: number; maximumValue: number },
  ) {
    super(message);
    this.name = 'DeviceValueError';
  }
}

/** How a device failed a command it answered: its own error, or an ack with a state its type does not have. */
export type DeviceFault = 'device_error' | 'invalid_state';

/**
 * The device answered but failed the command: it reported its own internal error, or acknowledged
 * with a state its type does not have. Alexa hears INTERNAL_ERROR, the resource API answers 502
 * device_fault, the web app says the device reported a failure; the fault is the device's, not
 * ours and never the user's token.
 */
export class DeviceFaultError extends Error {
  constructor(
    readonly deviceId: string,
    readonly why: DeviceFault,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceFaultError';
  }
}
