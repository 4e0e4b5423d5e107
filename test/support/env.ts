// Shared test bootstrap: real stores for both dialects, each test run on its own database/schema.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { createApp, type App } from '../../src/app.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import type { Dialect } from '../../src/store/db.ts';
import { startServer, type RunningServer } from '../../src/hosting/serve.ts';
import { freePortOn } from '../../src/hosting/free-port.ts';

/** PostgreSQL for tests; override with TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const DIALECTS: Dialect[] = (process.env.TEST_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];

export interface TestEnv {
  dialect: Dialect;
  config: Config;
  /** Only for PostgreSQL. */
  schema?: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty store location for one dialect. */
export async function freshEnv(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  env: Record<string, string> = {},
): Promise<TestEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mylights-test-'));
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const config = loadConfig(
    {
      LOG_LEVEL: 'silent',
      PORT: '0',
      MQTT_PORT: '0',
      DATA_DIR: dataDir,
      ...(dialect === 'postgres' ? { DATABASE_URL: TEST_DATABASE_URL } : {}),
      ...env,
    },
    overrides,
  );
  return {
    dialect,
    config,
    ...(schema ? { schema } : {}),
    dataDir,
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    },
  };
}

export interface FreshAppOptions {
  overrides?: Partial<Config>;
  env?: Record<string, string>;
  logger?: Logger;
  /** Run the MQTT gateway (and, unless VIRTUAL_DEVICES=off, virtual devices) as `mylights serve` does. */
  gateway?: boolean;
}

export interface FreshApp {
  app: App;
  env: TestEnv;
  /** Resolves once `check` holds, re-checked on every device-changed event. */
  until(check: () => Promise<boolean>): Promise<void>;
  cleanup(): Promise<void>;
}

/** Creates an App on a fresh store; the returned cleanup closes it and drops its data. */
export async function freshApp(dialect: Dialect, opts: FreshAppOptions = {}): Promise<FreshApp> {
  const env = await freshEnv(dialect, opts.overrides, opts.env);
  const app = await createApp(env.config, {
    logger: opts.logger ?? createLogger('silent'),
    gateway: opts.gateway === true,
    ...(env.schema ? { schema: env.schema } : {}),
  });
  const until = (check: () => Promise<boolean>) =>
    new Promise<void>((resolve, reject) => {
      let done = false;
      // Once satisfied, later events must not query (the app may be closing).
      const test = () =>
        done
          ? Promise.resolve()
          : check().then((ok) => {
              if (ok && !done) {
                done = true;
                off();
                resolve();
              }
            }, reject);
      const off = app.bus.on('device-changed', () => void test());
      void test();
    });
  return {
    app,
    env,
    until,
    async cleanup() {
      await app.close();
      await env.cleanup();
    },
  };
}

/** A free TCP port on 127.0.0.1 (the issuer URL must be known before the server starts). */
export function freePort(): Promise<number> {
  return freePortOn('127.0.0.1');
}

export interface FreshServer {
  app: App;
  env: TestEnv;
  url: string;
  server: RunningServer;
  /** Resolves once `check` holds, re-checked on every device-changed event. */
  until(check: () => Promise<boolean>): Promise<void>;
  cleanup(): Promise<void>;
}

/** A running all-in-one HTTP server on a free port over a fresh store. */
export async function freshServer(dialect: Dialect, opts: FreshAppOptions = {}): Promise<FreshServer> {
  const port = await freePort();
  const { app, env, until, cleanup } = await freshApp(dialect, {
    ...opts,
    env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...opts.env },
  });
  const server = await startServer(env.config, app).catch(async (err: unknown) => {
    await cleanup();
    throw err;
  });
  return {
    app,
    env,
    url: server.url,
    server,
    until,
    async cleanup() {
      await server.http.close();
      await cleanup();
    },
  };
}
