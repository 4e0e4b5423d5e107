// Where the simulator finds Amazon's schema: --schema, else ALEXA_SCHEMA_PATH, else a copy
// downloaded once from Amazon's public repository (or ALEXA_SCHEMA_URL) and cached under the user's
// cache folder, where the schema's compiled validator is kept too (src/alexa/schema-cache.ts).
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

/** Where the schema came from: a file, or nothing (and why) when Amazon's could not be fetched. */
export type SchemaSource = { path: string } | { path: null; why: string };

/** How long a download may take before the simulator goes on without the schema. */
const DOWNLOAD_TIMEOUT_MS = 15_000;

/**
 * The schema file to validate answers with. A path the user names must exist (a typo is an error).
 * Otherwise Amazon's schema is downloaded once (from $ALEXA_SCHEMA_URL when set, e.g. a mirror) and
 * cached; when that fails (offline, a firewall) the simulator still works: it answers with
 * `{ path: null, why }` and the caller says that answers go unchecked, rather than refusing to send.
 */
export async function resolveSchemaPath(option?: string): Promise<SchemaSource> {
  const explicit = option ?? process.env.ALEXA_SCHEMA_PATH;
  if (explicit) {
    const path = resolve(explicit);
    if (!existsSync(path)) throw new SimulatorError(`no Alexa schema at ${path}`);
    return { path };
  }
  const cached = schemaCachePath();
  if (existsSync(cached)) return { path: cached };
  const url = process.env.ALEXA_SCHEMA_URL || AMAZON_SCHEMA_URL;
  let text: string;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!res.ok) return { path: null, why: `downloading it from ${url} answered HTTP ${res.status}` };
    text = await res.text();
  } catch (err) {
    return { path: null, why: `cannot download it from ${url} (${(err as Error).message})` };
  }
  try {
    JSON.parse(text); // refuse to cache something that is not JSON (a proxy's login page, say)
  } catch {
    return { path: null, why: `${url} answered something that is not JSON` };
  }
  mkdirSync(join(cached, '..'), { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, cached);
  return { path: cached };
}
