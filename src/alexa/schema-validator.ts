// Validates skill-to-Alexa messages against Amazon's Alexa Smart Home message schema (JSON Schema
// draft-04, about 700 KB) and, for namespaces it does not cover, against the project's own schemas
// (schemas/<Namespace>.schema.json). Shared by the tests and the Alexa simulator. Reads its schema
// files once, when built; validation itself does no I/O.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { loadPartValidators, partErrors, splitParts, type PartValidators } from './schema-parts.ts';

type AjvClass = typeof AjvModule.default;
const Ajv: AjvClass =
  (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass);

export interface SchemaResult {
  ok: boolean;
  /** Which schema judged: "amazon", a project schema name, or "skipped" (Amazon's schema absent). */
  schema: string;
  errors: string[];
}

export interface SchemaValidatorOptions {
  /** Amazon's schema file; null when absent (only project schemas then judge). */
  amazonSchemaPath: string | null;
  /** Folder of <Namespace>.schema.json files; optional. */
  projectSchemaDir?: string;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

function namespaceOf(message: unknown): string | undefined {
  const ns = (message as { event?: { header?: { namespace?: unknown } } } | null)?.event?.header?.namespace;
  return typeof ns === 'string' ? ns : undefined;
}

export class AlexaSchemaValidator {
  // Amazon's schema does not compile under a default Ajv; these options compile it and pass every
  // official sample (shared/alexa/README.md).
  private readonly ajv = new Ajv({
    strict: false,
    unicodeRegExp: false,
    validateFormats: false,
    allErrors: false,
  });
  private amazon: ValidateFunction | null | undefined;
  private readonly project = new Map<string, ValidateFunction>();
  private readonly parts: PartValidators;

  constructor(private readonly options: SchemaValidatorOptions) {
    const dir = options.projectSchemaDir;
    this.parts =
      dir && existsSync(dir)
        ? loadPartValidators(this.ajv, dir)
        : { capabilities: new Map(), properties: new Map() };
    if (dir && existsSync(dir)) {
      for (const file of readdirSync(dir).sort()) {
        if (!file.endsWith('.schema.json')) continue;
        const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as object;
        this.project.set(file.slice(0, -'.schema.json'.length), this.ajv.compile(schema));
      }
    }
  }

  /** True when Amazon's schema is there to judge. */
  get hasAmazonSchema(): boolean {
    return this.amazonValidator() !== null;
  }

  private amazonValidator(): ValidateFunction | null {
    if (this.amazon !== undefined) return this.amazon;
    const path = this.options.amazonSchemaPath;
    // Compiled on first use: it takes a moment and not every caller validates.
    this.amazon =
      path && existsSync(path) ? this.ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object) : null;
    return this.amazon;
  }

  /** Validates one skill-to-Alexa message; `schema` picks a project schema by name. */
  validate(message: unknown, opts: { schema?: string } = {}): SchemaResult {
    const name = opts.schema ?? namespaceOf(message);
    const own = name !== undefined ? this.project.get(name) : undefined;
    if (opts.schema && !own) throw new Error(`no project schema ${opts.schema}.schema.json`);
    if (own) {
      const ok = own(message);
      return { ok, schema: name as string, errors: ok ? [] : describeErrors(own.errors) };
    }
    // Capabilities and properties Amazon's schema does not know are checked against schemas/parts/;
    // the rest of the message against Amazon's (schema-parts.ts).
    const split = splitParts(message, this.parts);
    const ownErrors = partErrors(split, describeErrors);
    const validate = this.amazonValidator();
    if (split.parts.length > 0 && validate) {
      const ok = validate(split.rest) && ownErrors.length === 0;
      return { ok, schema: 'amazon+parts', errors: [...ownErrors, ...describeErrors(validate.errors)] };
    }
    if (ownErrors.length > 0) return { ok: false, schema: 'parts', errors: ownErrors };
    if (!validate) return { ok: true, schema: 'skipped', errors: [] };
    const ok = validate(message);
    return { ok, schema: 'amazon', errors: ok ? [] : describeErrors(validate.errors) };
  }
}
