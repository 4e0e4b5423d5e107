// Part schemas: project schemas for single capability entries and reported properties that Amazon's
// schema does not know (schemas/parts/*.schema.json, one definition per interface or property).
// A message mixing known and unknown parts (a TV's Discover.Response with KeypadController, a
// Response reporting playbackState) is split: every part claimed here is validated against its
// project definition, and the message without those parts against Amazon's schema, so neither
// schema is stretched to cover what the other knows.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';

interface Compiler {
  compile(schema: object): ValidateFunction;
}

/**
 * A validator compiled on its first call: a run that never meets a TV or meeting-room answer never
 * loads Ajv for the project's schemas (with Amazon's compiled validator cached, none at all).
 */
export function lazyValidator(compiler: () => Compiler, schema: object): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= compiler().compile(schema);
    const ok = compiled(data);
    validate.errors = compiled.errors;
    return ok;
  }) as ValidateFunction;
  return validate;
}

type Json = Record<string, unknown>;

export interface PartValidators {
  /** By capability interface name, e.g. "Alexa.KeypadController". */
  capabilities: Map<string, ValidateFunction>;
  /** By "<namespace>.<name>", e.g. "Alexa.PlaybackStateReporter.playbackState". */
  properties: Map<string, ValidateFunction>;
}

function loadDefinitions(ajv: () => Compiler, file: string): Map<string, ValidateFunction> {
  const out = new Map<string, ValidateFunction>();
  if (!existsSync(file)) return out;
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { definitions?: Record<string, object> };
  for (const [key, definition] of Object.entries(schema.definitions ?? {})) {
    out.set(key, lazyValidator(ajv, { $schema: 'http://json-schema.org/draft-04/schema#', ...definition }));
  }
  return out;
}

export function loadPartValidators(ajv: () => Compiler, dir: string): PartValidators {
  return {
    capabilities: loadDefinitions(ajv, join(dir, 'parts', 'capabilities.schema.json')),
    properties: loadDefinitions(ajv, join(dir, 'parts', 'properties.schema.json')),
  };
}

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SplitMessage {
  /** The message without the claimed parts (a deep copy). */
  rest: unknown;
  /** Claimed parts with where they were and their validator. */
  parts: Array<{ path: string; value: unknown; validate: ValidateFunction }>;
}

/** Removes the parts a project definition claims, keeping the message otherwise intact. */
export function splitParts(message: unknown, validators: PartValidators): SplitMessage {
  const rest = structuredClone(message);
  const parts: SplitMessage['parts'] = [];
  if (!isRecord(rest)) return { rest, parts };

  const takeProperties = (list: unknown, path: string): unknown => {
    if (!Array.isArray(list)) return list;
    return list.filter((p, i) => {
      const v = isRecord(p)
        ? validators.properties.get(`${String(p.namespace)}.${String(p.name)}`)
        : undefined;
      if (v) parts.push({ path: `${path}/${i}`, value: p, validate: v });
      return !v;
    });
  };

  const context = rest.context;
  if (isRecord(context)) context.properties = takeProperties(context.properties, '/context/properties');

  const event = rest.event;
  const payload = isRecord(event) ? event.payload : undefined;
  if (isRecord(payload)) {
    if (isRecord(payload.change))
      payload.change.properties = takeProperties(
        payload.change.properties,
        '/event/payload/change/properties',
      );
    if (Array.isArray(payload.endpoints)) {
      payload.endpoints.forEach((endpoint, e) => {
        if (!isRecord(endpoint) || !Array.isArray(endpoint.capabilities)) return;
        endpoint.capabilities = endpoint.capabilities.filter((c, i) => {
          const v = isRecord(c) ? validators.capabilities.get(String(c.interface)) : undefined;
          if (v)
            parts.push({ path: `/event/payload/endpoints/${e}/capabilities/${i}`, value: c, validate: v });
          return !v;
        });
      });
    }
  }
  return { rest, parts };
}

/** Errors of the claimed parts, prefixed with where each part sat in the message. */
export function partErrors(
  split: SplitMessage,
  describe: (errors: ErrorObject[] | null | undefined) => string[],
): string[] {
  const errors: string[] = [];
  for (const part of split.parts) {
    if (!part.validate(part.value))
      errors.push(...describe(part.validate.errors).map((e) => `${part.path}${e}`));
  }
  return errors;
}
