// The parts of the per-type state schemas (one JSON Schema per device type, kept next to the type).
// Plain data: the device modules are also in the Lambda bundle, which must not carry Ajv; the
// compiler is in state-validator.ts, reached only through the device type table (types.ts).
import type { SchemaObject } from 'ajv';

/** A device type's whole state as JSON Schema. */
export type StateSchema = SchemaObject;

/** A short name or label a device reports (channel names, input names, ids). */
export const TEXT = { type: 'string', minLength: 1, maxLength: 256 } as const;

/** JSON Schema bounds from a device limit, so the validator and the reducer share one range. */
export function bounds(range: { minimumValue: number; maximumValue: number }): {
  minimum: number;
  maximum: number;
} {
  return { minimum: range.minimumValue, maximum: range.maximumValue };
}
