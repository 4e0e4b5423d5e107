// Readers for directive payload fields. A field of the wrong shape is a malformed directive
// (INVALID_DIRECTIVE); a well-formed value the device cannot take is the device's call
// (VALUE_OUT_OF_RANGE with the device's range), so these check shape and Alexa's own bounds only.
import { InvalidDirectiveError, ValueOutOfRangeError } from './errors.ts';
import type { ValidRange } from './types.ts';

export function readNumber(
  payload: Record<string, unknown>,
  key: string,
  opts: { integer?: boolean; alexaRange?: ValidRange } = {},
): number {
  const v = payload[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new InvalidDirectiveError(`payload.${key} must be a number`);
  if (opts.integer && !Number.isInteger(v))
    throw new InvalidDirectiveError(`payload.${key} must be a whole number`);
  const r = opts.alexaRange;
  if (r && (v < r.minimumValue || v > r.maximumValue))
    throw new ValueOutOfRangeError(`payload.${key} ${v} is outside ${r.minimumValue}..${r.maximumValue}`, r);
  return v;
}

export function readObject(payload: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = payload[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InvalidDirectiveError(`payload.${key} must be an object`);
  return v as Record<string, unknown>;
}
