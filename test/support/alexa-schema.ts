// Validates every message the skill sends against Amazon's Alexa Smart Home message schema
// (../shared/alexa/alexa_smart_home_message_schema.json from the project root, or ALEXA_SCHEMA_PATH),
// and against the project's own schemas in schemas/ for messages Amazon's schema does not cover.
//
// Project schemas: schemas/<Namespace>.schema.json (e.g. schemas/Alexa.Video.schema.json), JSON
// Schema draft-04, validating a whole message whose event.header.namespace is <Namespace>. When one
// exists it is used instead of Amazon's for that namespace; pass { schema: '<file name without
// .schema.json>' } to pick one explicitly (e.g. for an Alexa.Response carrying a meetings property).
// Compiled once per process. Where Amazon's schema is absent only that check is skipped, with a note
// saying where to get it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AjvModule from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const ALEXA_SCHEMA_PATH =
  process.env.ALEXA_SCHEMA_PATH ??
  resolve(ROOT, '..', 'shared', 'alexa', 'alexa_smart_home_message_schema.json');
export const PROJECT_SCHEMA_DIR = join(ROOT, 'schemas');

type AjvClass = typeof AjvModule.default;
const Ajv: AjvClass =
  (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass);

const ajv = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false, allErrors: false });

let amazon: ValidateFunction | null | undefined;
let warned = false;
const project = new Map<string, ValidateFunction>();
let projectLoaded = false;

function amazonValidator(): ValidateFunction | null {
  if (amazon !== undefined) return amazon;
  if (!existsSync(ALEXA_SCHEMA_PATH)) {
    amazon = null;
    return amazon;
  }
  amazon = ajv.compile(JSON.parse(readFileSync(ALEXA_SCHEMA_PATH, 'utf8')) as object);
  return amazon;
}

function projectValidators(): Map<string, ValidateFunction> {
  if (projectLoaded) return project;
  projectLoaded = true;
  if (!existsSync(PROJECT_SCHEMA_DIR)) return project;
  for (const file of readdirSync(PROJECT_SCHEMA_DIR).sort()) {
    if (!file.endsWith('.schema.json')) continue;
    const schema = JSON.parse(readFileSync(join(PROJECT_SCHEMA_DIR, file), 'utf8')) as object;
    project.set(file.slice(0, -'.schema.json'.length), ajv.compile(schema));
  }
  return project;
}

export interface SchemaResult {
  ok: boolean;
  /** Which schema judged: "amazon", a project schema name, or "skipped" (Amazon's schema absent). */
  schema: string;
  errors: string[];
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

function namespaceOf(message: unknown): string | undefined {
  const ns = (message as { event?: { header?: { namespace?: unknown } } } | null)?.event?.header?.namespace;
  return typeof ns === 'string' ? ns : undefined;
}

/** Validates one skill-to-Alexa message. */
export function validateAlexaMessage(message: unknown, opts: { schema?: string } = {}): SchemaResult {
  const projectSchemas = projectValidators();
  const name = opts.schema ?? namespaceOf(message);
  const own = name !== undefined ? projectSchemas.get(name) : undefined;
  if (opts.schema && !own)
    throw new Error(`no project schema ${opts.schema}.schema.json in ${PROJECT_SCHEMA_DIR}`);
  if (own) {
    const ok = own(message);
    return { ok, schema: name as string, errors: ok ? [] : describe(own.errors) };
  }
  const validate = amazonValidator();
  if (!validate) {
    if (!warned) {
      warned = true;
      process.stderr.write(
        `# Alexa schema conformance check SKIPPED: ${ALEXA_SCHEMA_PATH} is absent. Get ` +
          'alexa_smart_home_message_schema.json from the alexa-samples/alexa-smarthome repository ' +
          '(folder validation_schemas/) and put it there or set ALEXA_SCHEMA_PATH.\n',
      );
    }
    return { ok: true, schema: 'skipped', errors: [] };
  }
  const ok = validate(message);
  return { ok, schema: 'amazon', errors: ok ? [] : describe(validate.errors) };
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
