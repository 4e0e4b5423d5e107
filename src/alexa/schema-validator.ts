// Validates skill-to-Alexa messages against Amazon's Alexa Smart Home message schema (JSON Schema
// draft-04, about 700 KB) and, for namespaces it does not cover, against the project's own schemas
// (schemas/<Namespace>.schema.json). Shared by the tests and the Alexa simulator. Reads the project
// schemas when built and Amazon's on first use (through the compiled-validator cache when given a
// cacheDir: schema-cache.ts); validation itself does no I/O.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type AjvModule from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type StandaloneModule from 'ajv/dist/standalone/index.js';
import { cachedValidator } from './schema-cache.ts';
import {
  lazyValidator,
  loadPartValidators,
  partErrors,
  splitParts,
  type PartValidators,
} from './schema-parts.ts';

const require = createRequire(import.meta.url);
// Both CommonJS modules export their function as module.exports and as .default.
type AjvClass = typeof AjvModule.default;
type StandaloneCode = typeof StandaloneModule.default;

// Amazon's schema does not compile under a default Ajv; these options compile it and pass every
// official sample (shared/alexa/README.md). Part of the cache key: change them and entries rebuild.
const AJV_OPTIONS = { strict: false, unicodeRegExp: false, validateFormats: false, allErrors: false };

/** A draft-04 Ajv, loaded on first need: a cached Amazon validator needs no Ajv, and loading it costs ~0.1 s. */
function newAjv(extra: { code?: { source: boolean } } = {}): InstanceType<AjvClass> {
  const Ajv = require('ajv-draft-04') as AjvClass;
  return new Ajv({ ...AJV_OPTIONS, ...extra });
}

/** Amazon's schema compiled to a standalone CommonJS module (what the cache stores). */
function standaloneSource(schemaText: string): string {
  const ajv = newAjv({ code: { source: true } });
  const toCode = require('ajv/dist/standalone') as StandaloneCode;
  return toCode(ajv, ajv.compile(JSON.parse(schemaText) as object));
}

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
  /** Folder where Amazon's schema is kept compiled (schema-cache.ts); without it, it is compiled anew. */
  cacheDir?: string;
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
  private amazon: ValidateFunction | null | undefined;
  private readonly project = new Map<string, ValidateFunction>();
  private readonly parts: PartValidators;

  constructor(private readonly options: SchemaValidatorOptions) {
    const dir = options.projectSchemaDir;
    this.parts = { capabilities: new Map(), properties: new Map() };
    if (dir && existsSync(dir)) {
      // One Ajv for all project schemas, created when the first of them is needed.
      let ajv: InstanceType<AjvClass> | undefined;
      const compiler = () => (ajv ??= newAjv());
      this.parts = loadPartValidators(compiler, dir);
      for (const file of readdirSync(dir).sort()) {
        if (!file.endsWith('.schema.json')) continue;
        const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as object;
        this.project.set(file.slice(0, -'.schema.json'.length), lazyValidator(compiler, schema));
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
    // Compiled (or loaded from the cache) on first use: not every caller validates.
    if (!path || !existsSync(path)) {
      this.amazon = null;
      return null;
    }
    const text = readFileSync(path, 'utf8');
    const cacheDir = this.options.cacheDir;
    this.amazon = cacheDir
      ? cachedValidator(cacheDir, text, AJV_OPTIONS, () => standaloneSource(text)).validate
      : newAjv().compile(JSON.parse(text) as object);
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
