// The all-in-one server as `mylights serve` runs it (gateway and virtual devices included) on a
// fresh store and free ports, for the browser tests.
import { createApp, type App } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/hosting/serve.ts';
import type { Dialect } from '../../src/store/db.ts';
import { freePort, freshEnv } from '../support/env.ts';

export interface WebServer {
  app: App;
  url: string;
  server: RunningServer;
  /** Resolves once `check` holds, re-checked on every device-changed event. */
  until(check: () => Promise<boolean>): Promise<void>;
  cleanup(): Promise<void>;
}

export async function webServer(dialect: Dialect = 'sqlite'): Promise<WebServer> {
  const port = await freePort();
  const env = await freshEnv(dialect, {}, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  const app = await createApp(env.config, {
    logger: createLogger('silent'),
    gateway: true,
    ...(env.schema ? { schema: env.schema } : {}),
  });
  const server = await startServer(env.config, app);
  const until = (check: () => Promise<boolean>) =>
    new Promise<void>((resolve, reject) => {
      let done = false;
      const test = () =>
        check().then((ok) => {
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
    url: server.url,
    server,
    until,
    async cleanup() {
      await server.stop();
      await env.cleanup();
    },
  };
}
