// Validates every message the skill sends against Amazon's Alexa Smart Home message schema
// (../shared/alexa/alexa_smart_home_message_schema.json from the project root, or ALEXA_SCHEMA_PATH),
// and against the project's own schemas in schemas/ for messages Amazon's schema does not cover.
//
// Project schemas: schemas/<Namespace>.schema.json (e.g. schemas/Alexa.Video.schema.json), JSON
// Schema draft-04, validating a whole message whose event.header.namespace is <Namespace>. When one
// exists it is used instead of Amazon's for that namespace; pass { schema: '<file name without
// .schema.json>' } to pick one explicitly (e.g. for an Alexa.Response carrying a meetings property).
// Amazon's schema is compiled once per checkout, not once per test process: the compiled validator
// is kept in node_modules/.cache/mylights/compiled-schemas (src/alexa/schema-cache.ts). Where
// Amazon's schema is absent only that check is skipped, with a note saying where to get it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AlexaSchemaValidator, type SchemaResult } from '../../src/alexa/schema-validator.ts';

export type { SchemaResult };

const ROOT = resolve(import.meta.dirname, '..', '..');
export const ALEXA_SCHEMA_PATH =
  process.env.ALEXA_SCHEMA_PATH ??
  resolve(ROOT, '..', 'shared', 'alexa', 'alexa_smart_home_message_schema.json');
export const PROJECT_SCHEMA_DIR = join(ROOT, 'schemas');
export const COMPILED_SCHEMA_DIR = join(ROOT, 'node_modules', '.cache', 'mylights', 'compiled-schemas');

// One validator (src/alexa/schema-validator.ts, shared with the simulator), built once per process.
let validator: AlexaSchemaValidator | undefined;
let warned = false;

/** Validates one skill-to-Alexa message. */
export function validateAlexaMessage(message: unknown, opts: { schema?: string } = {}): SchemaResult {
  validator ??= new AlexaSchemaValidator({
    amazonSchemaPath: existsSync(ALEXA_SCHEMA_PATH) ? ALEXA_SCHEMA_PATH : null,
    projectSchemaDir: PROJECT_SCHEMA_DIR,
    cacheDir: COMPILED_SCHEMA_DIR,
  });
  const result = validator.validate(message, opts);
  if (result.schema === 'skipped' && !warned) {
    warned = true;
    process.stderr.write(
      `# Alexa schema conformance check SKIPPED: ${ALEXA_SCHEMA_PATH} is absent. Get ` +
        'alexa_smart_home_message_schema.json from the alexa-samples/alexa-smarthome repository ' +
        '(folder validation_schemas/) and put it there or set ALEXA_SCHEMA_PATH.\n',
    );
  }
  return result;
}

/** Throws with the schema's complaints when the message is not valid. */
export function assertAlexaMessage(message: unknown, opts: { schema?: string } = {}): void {
  const r = validateAlexaMessage(message, opts);
  if (!r.ok) {
    throw new Error(
      `not a valid Alexa message (${r.schema} schema):\n  ${r.errors.join('\n  ')}\n${JSON.stringify(message, null, 2)}`,
    );
  }
}
