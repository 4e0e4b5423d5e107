// Validation of a device's whole state at the edge (what a device publishes or acknowledges), against
// its type's schema. Strict: no extra properties, no coercion, no defaults, so a state that passes is
// stored exactly as the type's interface says. Each schema is compiled on first use.
import { Ajv, type ErrorObject } from 'ajv';
import type { StateSchema } from './state-schema.ts';

/** The reason a state is invalid, or null. The reason names a path and a rule, never a value. */
export type StateValidator = (state: unknown) => string | null;

let ajv: Ajv | undefined;

function reason(e: ErrorObject | undefined): string {
  if (!e) return 'invalid state';
  return `${e.instancePath || 'state'} ${e.message ?? 'is invalid'}`;
}

// A plain SchemaObject: Ajv's JSONSchemaType<T> cannot express these interfaces' nullable fields.
// The unit tests hold each schema to its interface (defaults and every reducer result pass).
export function stateValidator(schema: StateSchema): StateValidator {
  let validate: ReturnType<Ajv['compile']> | undefined;
  return (state) => {
    ajv ??= new Ajv({ allErrors: false, coerceTypes: false, useDefaults: false, removeAdditional: false });
    validate ??= ajv.compile(schema);
    return validate(state) ? null : reason(validate.errors?.[0]);
  };
}
