// The skill in AWS Lambda: `handler(event, context)` answers one Alexa directive. The same skill
// core as POST /alexa, with its ports over HTTPS to the resource API at MYLIGHTS_API_URL.
// Nothing here may import the store, the broker or the server (the bundle stays small):
// the verifier and the device cloud are remote adapters.
//
// Time budget (Alexa waits 8 s for an answer):
//   verify token   GET /api/v1/me                      2.0 s (skill's own bound 2.5 s)  (cached ≤ VERDICT_CACHE_MS)
//   device read    GET /api/v1/devices[/:id]           2.0 s
//   command        POST /api/v1/devices/:id/commands   4.5 s (the server's DEVICE_TIMEOUT_MS, 3 s, answers first)
// and every call is also cut at the directive's deadline: 7.5 s after it arrived, or 200 ms before
// Lambda's own timeout if that comes sooner. A call cut short answers INTERNAL_ERROR, never an auth error,
// and so does the skill itself at the deadline, whatever is still waiting (decision 0204).
import { loadConfig, ConfigError } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import { extractToken, parseDirective, type AlexaEvent } from '../alexa/index.ts';
import { ApiClient } from '../cloud/api/client.ts';
import { RemoteVerifier } from '../auth/remote-verifier.ts';
import { RemoteDeviceCloud } from '../cloud/remote-cloud.ts';
import { VerdictCache } from '../skill/verdict-cache.ts';
import { createSkill } from '../skill/pipeline.ts';
import { registry } from '../skill/interfaces/index.ts';
import { remoteCloudFor } from '../skill/remote.ts';
import { DirectiveRateLimiter, type DirectiveRateSettings } from '../skill/rate-limit.ts';
import type { TokenVerifier } from '../auth/verdict.ts';

export const LAMBDA_TIMEOUTS = {
  /** Whole directive, inside Alexa's 8 s. */
  budgetMs: 7500,
  /** Margin kept before Lambda's own timeout (context.getRemainingTimeInMillis()). */
  lambdaMarginMs: 200,
  verifyMs: 2000,
  /** The skill's outer bound on verification (its own timer; the HTTP deadline fires first). */
  verifyBoundMs: 2500,
  readMs: 2000,
  commandMs: 4500,
};

/** The part of Lambda's context object the handler uses. */
export interface LambdaContext {
  getRemainingTimeInMillis?(): number;
  awsRequestId?: string;
}

export type LambdaHandler = (event: unknown, context?: LambdaContext) => Promise<AlexaEvent>;

export interface LambdaOptions {
  /** Base URL of the resource API (MYLIGHTS_API_URL); undefined answers INTERNAL_ERROR to everything. */
  apiUrl: string | undefined;
  logger: Logger;
  /** How long a verdict is reused across invocations of a warm container (VERDICT_CACHE_MS). */
  verdictCacheMs: number;
  /**
   * Directive rate limits (DIRECTIVE_RATE_PER_ENDPOINT/_PER_USER). Counted per warm container: AWS
   * spreads a user's directives over containers, so this is a per-container bound, not a global one.
   * Absent: no limit.
   */
  directiveRate?: DirectiveRateSettings;
  timeouts?: Partial<typeof LAMBDA_TIMEOUTS>;
}

/** Builds a handler (tests build several; AWS uses the module's `handler`). */
export function createLambdaHandler(options: LambdaOptions): LambdaHandler & { close(): void } {
  const t = { ...LAMBDA_TIMEOUTS, ...options.timeouts };
  const log = options.logger;
  const client = options.apiUrl ? new ApiClient({ baseUrl: options.apiUrl }) : undefined;
  const remoteVerifier: TokenVerifier = client
    ? new RemoteVerifier(client, { timeoutMs: t.verifyMs })
    : { verify: async () => ({ kind: 'transient', cause: 'MYLIGHTS_API_URL is not set' }) };
  const verifier = new VerdictCache(remoteVerifier, { ttlMs: options.verdictCacheMs });
  const cloud = client
    ? new RemoteDeviceCloud(client, { readTimeoutMs: t.readMs, commandTimeoutMs: t.commandMs })
    : undefined;
  const rateLimiter = options.directiveRate ? new DirectiveRateLimiter(options.directiveRate) : undefined;
  if (!client) log.error('MYLIGHTS_API_URL is not set: every directive will answer INTERNAL_ERROR');

  const handler = async (event: unknown, context?: LambdaContext): Promise<AlexaEvent> => {
    const started = Date.now();
    const lambdaLeft = context?.getRemainingTimeInMillis?.();
    const deadlineAt =
      started + Math.min(t.budgetMs, lambdaLeft !== undefined ? lambdaLeft - t.lambdaMarginMs : t.budgetMs);
    // The token is needed to bind the device-cloud port; the pipeline extracts it again and answers
    // INVALID_DIRECTIVE itself when there is none (the port is then never called).
    const parsed = parseDirective(event);
    const token = parsed.ok ? extractToken(parsed.directive) : undefined;
    const bound = token?.ok ? token.token : '';
    const skill = createSkill({
      registry,
      verifier,
      cloud: cloud
        ? remoteCloudFor(cloud, bound, deadlineAt)
        : {
            listDevices: () => Promise.reject(new Error('MYLIGHTS_API_URL is not set')),
            getDevice: () => Promise.reject(new Error('MYLIGHTS_API_URL is not set')),
            execute: () => Promise.reject(new Error('MYLIGHTS_API_URL is not set')),
            tracksConnectivity: true,
          },
      logger: log,
      verifyTimeoutMs: Math.max(1, Math.min(t.verifyBoundMs, deadlineAt - started)),
      // Each remote call is already cut at the deadline; this catches anything else that waits.
      directiveTimeoutMs: Math.max(1, deadlineAt - started),
      ...(rateLimiter ? { rateLimiter } : {}),
    });
    return skill.handle(event);
  };
  return Object.assign(handler, { close: () => client?.close() });
}

let fromEnv: LambdaHandler | undefined;

function handlerFromEnv(): LambdaHandler {
  try {
    const config = loadConfig(process.env);
    return createLambdaHandler({
      apiUrl: config.apiUrl,
      logger: createLogger(config.logLevel),
      verdictCacheMs: config.verdictCacheMs,
      directiveRate: { perEndpoint: config.directiveRatePerEndpoint, perUser: config.directiveRatePerUser },
    });
  } catch (err) {
    // A bad setting must not crash every invocation: answer INTERNAL_ERROR (no unlink) and say why.
    const logger = createLogger('info');
    logger.error(
      { problems: err instanceof ConfigError ? err.problems : String(err) },
      'invalid configuration',
    );
    return createLambdaHandler({ apiUrl: undefined, logger, verdictCacheMs: 0 });
  }
}

/** The AWS Lambda entry point. Built once per container; connections are kept alive across invocations. */
export async function handler(event: unknown, context?: LambdaContext): Promise<AlexaEvent> {
  fromEnv ??= handlerFromEnv();
  return fromEnv(event, context);
}
