// Runs the all-in-one server: store, HTTP, and (with later parts) broker and virtual devices.
import type { FastifyInstance } from 'fastify';
import { createApp, type App } from '../app.ts';
import { ALEXA_MIN_ACCESS_TOKEN_TTL, type Config } from '../config.ts';
import { buildHttpServer } from './http.ts';
import { ensureDemoAccount } from '../cloud/demo.ts';
import { freePortOn } from './free-port.ts';
import { createLogger, perTurnStdout } from '../log.ts';

export interface RunningServer {
  app: App;
  http: FastifyInstance;
  /** Base URL the server answers on. */
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, app?: App): Promise<RunningServer> {
  const theApp = app ?? (await createApp(config, { gateway: true }));
  const http = await buildHttpServer(theApp);
  await http.listen({ host: config.host, port: config.port });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let stopping: Promise<void> | undefined;
  return {
    app: theApp,
    http,
    url,
    stop() {
      stopping ??= (async () => {
        // Fastify's close waits for in-flight requests, so directives being handled still get their
        // answer. The keep-alive connections those answers leave idle would then hold the close for
        // keepAliveTimeout (72 s): each is closed as soon as it falls idle.
        const reap = setInterval(() => http.server.closeIdleConnections(), 50);
        try {
          await http.close();
        } finally {
          clearInterval(reap);
        }
        await theApp.close();
      })();
      return stopping;
    },
  };
}

/**
 * PORT=0 asks for any free port, but the public URL (the OAuth issuer, derived from the port when
 * PUBLIC_URL is unset) must be known before the authorization server starts: pick the port first.
 */
async function withConcretePort(config: Config): Promise<Config> {
  if (config.port !== 0 || config.publicUrl !== `http://${config.host}:0`) return config;
  const port = await freePortOn(config.host);
  return { ...config, port, publicUrl: `http://${config.host}:${port}` };
}

/** `mylights serve`: start, print where to go, shut down gracefully on SIGINT/SIGTERM. */
export async function serveMain(given: Config): Promise<void> {
  const config = await withConcretePort(given);
  // One write(2) per event-loop turn for the directive lines, not one per line (src/log.ts).
  const app = await createApp(config, {
    gateway: true,
    logger: createLogger(config.logLevel, perTurnStdout()),
  });
  const log = app.logger;
  if (config.accessTokenTtl < ALEXA_MIN_ACCESS_TOKEN_TTL) {
    log.warn(
      { accessTokenTtl: config.accessTokenTtl },
      `ACCESS_TOKEN_TTL=${config.accessTokenTtl} is below ${ALEXA_MIN_ACCESS_TOKEN_TTL} s: Alexa refuses such tokens and account linking will fail`,
    );
  }
  // Verification and the device's acknowledgement run one after the other inside the directive's
  // bound; a device that is merely slow should be answered ENDPOINT_UNREACHABLE, not cut off by it.
  const worstCase = config.verifyTimeoutMs + config.deviceTimeoutMs;
  if (worstCase >= config.directiveTimeoutMs) {
    log.warn(
      {
        verifyTimeoutMs: config.verifyTimeoutMs,
        deviceTimeoutMs: config.deviceTimeoutMs,
        directiveTimeoutMs: config.directiveTimeoutMs,
      },
      `VERIFY_TIMEOUT_MS + DEVICE_TIMEOUT_MS = ${worstCase} ms reaches DIRECTIVE_TIMEOUT_MS (${config.directiveTimeoutMs} ms): a directive that waits for both is cut off and answered INTERNAL_ERROR instead of ENDPOINT_UNREACHABLE; keep the sum under ${config.directiveTimeoutMs}`,
    );
  }
  const demo = config.demo ? await ensureDemoAccount(app) : undefined;
  const server = await startServer(config, app);
  const lines = [
    `mylights listening on ${server.url} (public URL ${config.publicUrl})`,
    `store: ${app.store.dialect} at ${app.store.location}`,
  ];
  if (app.gateway) lines.push(app.gateway.describe());
  lines.push(
    app.busBridge
      ? app.busBridge.describe()
      : 'bus: in-process only (set REDIS_URL to run several instances)',
  );
  if (server.url.startsWith('http://'))
    lines.push(
      'plain HTTP for local use; put a TLS-terminating proxy in front and set PUBLIC_URL=https://... for Alexa',
    );
  if (demo) {
    lines.push(`demo account: ${demo.email} / ${demo.password}`);
    lines.push(`try: curl ${server.url}/healthz`);
  }
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // The banner goes last: whoever reads it may signal at once, and until the handlers above are
  // installed a SIGTERM would kill the process without a graceful stop.
  process.stdout.write(`${lines.join('\n')}\n`);
}
