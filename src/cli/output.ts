// Small helpers shared by CLI commands: JSON or table output, opening the store the server uses.
import { loadConfig, type Config } from '../config.ts';
import type { App } from '../app.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Opens the same store as `mylights serve` (DATA_DIR / DATABASE_URL), without starting any server. */
export async function withAdminApp<T>(
  fn: (app: App) => Promise<T>,
  overrides: Partial<Config> = {},
): Promise<T> {
  const config = loadConfig(process.env, overrides);
  // Imported here, not at the top: loading the app (store drivers, servers) is most of a command's start.
  const [{ createApp }, { createLogger }] = await Promise.all([import('../app.ts'), import('../log.ts')]);
  const app = await createApp(config, { logger: createLogger('warn') });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

export function printTable(rows: Array<Record<string, string | number | boolean>>, empty: string): void {
  if (rows.length === 0) {
    process.stdout.write(`${empty}\n`);
    return;
  }
  const keys = Object.keys(rows[0]!);
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(keys)}\n${rows.map((r) => line(keys.map((k) => String(r[k])))).join('\n')}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function dataDirOption(cmd: import('commander').Command): import('commander').Command {
  return cmd.option('--data-dir <dir>', 'SQLite data directory (default: $DATA_DIR or ./data)');
}

export function overridesFrom(opts: { dataDir?: string }): Partial<Config> {
  return opts.dataDir ? { dataDir: opts.dataDir } : {};
}
