// Validation of a device's whole state at the edge (what a device publishes or acknowledges), one
// JSON Schema per type kept next to the type. Compiled once at import; strict: no extra properties,
// no coercion, no defaults, so a state that passes is stored exactly as the type's interface says.
import { Ajv, type ErrorObject, type SchemaObject } from 'ajv';

const ajv = new Ajv({ allErrors: false, coerceTypes: false, useDefaults: false, removeAdditional: false });

/** The reason a state is invalid, or null. The reason names a path and a rule, never a value. */
export type StateValidator = (state: unknown) => string | null;

function reason(e: ErrorObject | undefined): string {
  if (!e) return 'invalid state';
  return `${e.instancePath || 'state'} ${e.message ?? 'is invalid'}`;
}

// A plain SchemaObject: Ajv's JSONSchemaType<T> cannot express these interfaces' nullable fields.
// The unit tests hold each schema to its interface (defaults and every reducer result pass).
export function stateValidator(schema: SchemaObject): StateValidator {
  const validate = ajv.compile(schema);
  return (state) => (validate(state) ? null : reason(validate.errors?.[0]));
}

/** A short name or label a device reports (channel names, input names, ids). */
export const TEXT = { type: 'string', minLength: 1, maxLength: 256 } as const;

/** JSON Schema bounds from a device limit, so the validator and the reducer share one range. */
export function bounds(range: { minimumValue: number; maximumValue: number }): {
  minimum: number;
  maximum: number;
} {
  return { minimum: range.minimumValue, maximum: range.maximumValue };
}
