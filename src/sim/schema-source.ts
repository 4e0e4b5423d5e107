// Where the simulator finds Amazon's schema: --schema, else ALEXA_SCHEMA_PATH, else a copy
// downloaded once from Amazon's public repository and cached under the user's cache folder, where
// the schema's compiled validator is kept too (src/alexa/schema-cache.ts).
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SimulatorError } from './link-state.ts';

export const AMAZON_SCHEMA_URL =
  'https://raw.githubusercontent.com/alexa-samples/alexa-smarthome/master/validation_schemas/alexa_smart_home_message_schema.json';

/** $XDG_CACHE_HOME/mylights, else ~/.cache/mylights. */
export function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mylights');
}

export function schemaCachePath(): string {
  return join(cacheDir(), 'alexa_smart_home_message_schema.json');
}

/**
 * The project's own schemas (schemas/ at the package root) for what Amazon's schema lacks: TV and
 * meeting-room interfaces, Alexa.Video errors. The same path from src/sim/ and from dist/sim/.
 */
export function projectSchemaDir(): string {
  return join(import.meta.dirname, '..', '..', 'schemas');
}

/** Where compiled schema validators are kept, whichever schema file they came from. */
export function compiledSchemaDir(): string {
  return join(cacheDir(), 'compiled-schemas');
}

/** The schema file to validate answers with; downloads and caches Amazon's when nothing else is given. */
export async function resolveSchemaPath(option?: string): Promise<string> {
  const explicit = option ?? process.env.ALEXA_SCHEMA_PATH;
  if (explicit) {
    const path = resolve(explicit);
    if (!existsSync(path)) throw new SimulatorError(`no Alexa schema at ${path}`);
    return path;
  }
  const cached = schemaCachePath();
  if (existsSync(cached)) return cached;
  let res: Response;
  try {
    res = await fetch(AMAZON_SCHEMA_URL, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new SimulatorError(
      `cannot download Amazon's schema (${(err as Error).message}); pass --schema <file> or set ALEXA_SCHEMA_PATH`,
    );
  }
  if (!res.ok)
    throw new SimulatorError(`downloading Amazon's schema answered HTTP ${res.status}; pass --schema <file>`);
  const text = await res.text();
  JSON.parse(text); // refuse to cache something that is not JSON
  mkdirSync(join(cached, '..'), { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, cached);
  return cached;
}
