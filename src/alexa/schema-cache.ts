// A compiled-validator cache. Amazon's schema takes Ajv about 2 s of CPU to compile, which every
// simulator call and every test process would pay again. Ajv can print a compiled validator as
// standalone JavaScript; one entry file keeps that code together with V8's code cache for it, so a
// later process gets the validator in milliseconds without loading Ajv.
//
// An entry's name is a hash of everything that shaped its code (the schema file's bytes, the ajv
// and ajv-draft-04 versions, the Ajv options, the V8 version, this format), and its header carries a
// SHA-256 of the rest of the file. An entry that is missing, truncated, altered or for another key
// is compiled afresh and rewritten; it is never run unchecked.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/** Changes whenever the entry layout or the way its code is produced changes. */
const FORMAT = 1;
/** Entries kept per folder: a few schema, Ajv or Node versions side by side, no more. */
const KEEP = 4;
const SUFFIX = '.validator';

interface Header {
  format: number;
  key: string;
  codeBytes: number;
  v8Bytes: number;
  sha256: string;
}

export interface CachedValidator {
  validate: ValidateFunction;
  /** "cache" when a sound entry was loaded, "compiled" when it was (re)built. */
  from: 'cache' | 'compiled';
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

/** The entry name for a schema compiled with these Ajv options. */
export function cacheKey(schemaText: string, ajvOptions: object): string {
  return sha256(
    JSON.stringify({
      format: FORMAT,
      ajv: versionOf('ajv'),
      ajvDraft04: versionOf('ajv-draft-04'),
      v8: process.versions.v8,
      options: ajvOptions,
      schema: sha256(schemaText),
    }),
  );
}

export function cacheFile(dir: string, key: string): string {
  return join(dir, `${key}${SUFFIX}`);
}

/**
 * The validator for `schemaText`: loaded from `dir` when a sound entry is there, else built from the
 * standalone module source `generate` returns (Ajv's standaloneCode) and stored for next time.
 */
export function cachedValidator(
  dir: string,
  schemaText: string,
  ajvOptions: object,
  generate: () => string,
): CachedValidator {
  const key = cacheKey(schemaText, ajvOptions);
  const file = cacheFile(dir, key);
  const entry = readEntry(file, key);
  if (entry) {
    try {
      const { validate, script } = evaluate(entry.code, entry.v8, file);
      // V8 refuses a code cache made under other flags; the code is sound, refresh the cache.
      if (script.cachedDataRejected) store(dir, file, key, entry.code, codeCacheOf(script, validate));
      return { validate, from: 'cache' };
    } catch {
      // Checksummed code that does not evaluate (Ajv's runtime gone?): rebuild below.
    }
  }
  const code = generate();
  const { validate, script } = evaluate(code, undefined, file);
  store(dir, file, key, code, codeCacheOf(script, validate));
  return { validate, from: 'compiled' };
}

function readEntry(file: string, key: string): { code: string; v8: Buffer } | undefined {
  try {
    const buf = readFileSync(file);
    const nl = buf.indexOf(0x0a);
    if (nl < 0) return undefined;
    const header = JSON.parse(buf.subarray(0, nl).toString('utf8')) as Partial<Header> | null;
    const body = buf.subarray(nl + 1);
    if (
      header?.format !== FORMAT ||
      header.key !== key ||
      typeof header.codeBytes !== 'number' ||
      typeof header.v8Bytes !== 'number' ||
      header.codeBytes + header.v8Bytes !== body.length ||
      header.sha256 !== sha256(body)
    )
      return undefined;
    return { code: body.subarray(0, header.codeBytes).toString('utf8'), v8: body.subarray(header.codeBytes) };
  } catch {
    return undefined; // absent, unreadable or not ours: compile
  }
}

function evaluate(
  code: string,
  cachedData: Buffer | undefined,
  filename: string,
): { validate: ValidateFunction; script: Script } {
  const script = new Script(`(function (require, module, exports) {${code}\n})`, {
    filename,
    ...(cachedData && cachedData.length > 0 ? { cachedData } : {}),
  });
  const module: { exports: unknown } = { exports: {} };
  // Ajv's standalone code needs only its own runtime helpers (deep equality, string length).
  const runtimeOnly = (id: string): unknown => {
    if (!id.startsWith('ajv/dist/runtime/')) throw new Error(`compiled schema requires ${id}`);
    return require(id);
  };
  const wrapper = script.runInThisContext() as (r: typeof runtimeOnly, m: typeof module, e: unknown) => void;
  wrapper(runtimeOnly, module, module.exports);
  if (typeof module.exports !== 'function') throw new Error(`${filename} defines no validator`);
  return { validate: module.exports as ValidateFunction, script };
}

/** V8's code cache after one run, so it holds the functions every validation starts with. */
function codeCacheOf(script: Script, validate: ValidateFunction): Buffer {
  validate({});
  validate.errors = null;
  return script.createCachedData();
}

function store(dir: string, file: string, key: string, code: string, v8: Buffer): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const body = Buffer.concat([Buffer.from(code, 'utf8'), v8]);
    const header: Header = {
      format: FORMAT,
      key,
      codeBytes: body.length - v8.length,
      v8Bytes: v8.length,
      sha256: sha256(body),
    };
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]), { mode: 0o600 });
    // Atomic: a concurrent reader sees the old entry or the whole new one, never half of it.
    renameSync(tmp, file);
    prune(dir, file);
  } catch {
    // An unwritable cache costs the next process a compile, nothing more.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
  }
}

function prune(dir: string, keep: string): void {
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith(SUFFIX))
    .map((name) => join(dir, name))
    .filter((path) => path !== keep)
    .map((path) => ({ path, mtime: statSync(path).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path } of entries.slice(KEEP - 1)) rmSync(path, { force: true });
}
