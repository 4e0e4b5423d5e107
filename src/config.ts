// Configuration from the environment (and CLI flags layered on top), validated once at start.
// Every problem names the setting so an operator can fix it without reading code.
import { isIP } from 'node:net';

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Redis pub/sub channel the instances of one deployment share for bus events. */
  redisChannel: string;
  mqttUrl: string | undefined;
  /** Port of the embedded MQTT broker (used only when mqttUrl is unset). Never 1883, which a system broker may hold. */
  mqttPort: number;
  /** First level of every device topic: <prefix>/<deviceId>/{cmd,ack,state,status}. */
  mqttTopicPrefix: string;
  virtualDevices: boolean;
  accessTokenTtl: number;
  /** Seconds past an access token's exp during which it is still accepted (clock skew, directives in flight). */
  accessTokenLeeway: number;
  logLevel: LogLevel;
  apiUrl: string | undefined;
  /** How long a verdict on a token may be reused, in milliseconds. 0 disables the cache. */
  verdictCacheMs: number;
  /** How long to wait for a device to acknowledge a command, in milliseconds. */
  deviceTimeoutMs: number;
  /** Bound on a whole directive in the all-in-one server (DIRECTIVE_TIMEOUT_MS). */
  directiveTimeoutMs: number;
  /** Bound on verifying one access token for a directive; past it the skill answers INTERNAL_ERROR. */
  verifyTimeoutMs: number;
  demo: boolean;
  /** Rotate refresh tokens on every refresh (off by default: Alexa is a confidential client). */
  refreshTokenRotation: boolean;
  /** With rotation on: how long a rotated refresh token still works, in seconds. */
  refreshTokenReuseGrace: number;
  /** Token endpoint requests per client per minute (0 disables the limit). */
  tokenRateLimit: number;
  /** Sustained control directives per second per endpoint of a user (burst twice that); 0 disables. */
  directiveRatePerEndpoint: number;
  /** Sustained directives per second per user, all kinds (burst twice that); 0 disables. */
  directiveRatePerUser: number;
  /** Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For is believed; empty trusts none. */
  trustProxy: string[];
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** One documented setting: the README table and `serve --help` are generated from this list. */
export interface SettingDoc {
  env: string;
  default: string;
  description: string;
}

export const SETTINGS: SettingDoc[] = [
  { env: 'HOST', default: '127.0.0.1', description: 'Interface the HTTP server listens on.' },
  { env: 'PORT', default: '3000', description: 'HTTP port (0 picks a free one).' },
  {
    env: 'PUBLIC_URL',
    default: 'http://HOST:PORT',
    description: 'External base URL; also the OAuth issuer. Use https:// in production.',
  },
  {
    env: 'TRUST_PROXY',
    default: '(unset: trust none)',
    description:
      'Comma-separated IP addresses or CIDR ranges of the reverse proxies in front (e.g. 127.0.0.1,10.0.0.0/16). Only when the direct peer is one of them is the client IP (sign-in limits, logs) taken from X-Forwarded-For. No hop count: it would believe any peer that reaches the port directly.',
  },
  {
    env: 'DATA_DIR',
    default: './data',
    description: 'Where the SQLite database and signing keys live when DATABASE_URL is unset.',
  },
  {
    env: 'DATABASE_URL',
    default: '(unset: SQLite)',
    description: 'PostgreSQL connection string, e.g. postgres://user@127.0.0.1:5432/mylights.',
  },
  {
    env: 'REDIS_URL',
    default: '(unset)',
    description:
      'Redis that carries revocations, account and device changes across instances (verdict caches, live dashboards). Must answer at start.',
  },
  {
    env: 'REDIS_CHANNEL',
    default: 'mylights:bus',
    description: 'Redis pub/sub channel shared by the instances of one deployment.',
  },
  {
    env: 'MQTT_URL',
    default: '(unset: embedded broker)',
    description: 'External MQTT broker, e.g. mqtt://127.0.0.1:1883.',
  },
  {
    env: 'MQTT_PORT',
    default: '18830',
    description: 'Port of the embedded MQTT broker (0 = in-process only).',
  },
  {
    env: 'MQTT_TOPIC_PREFIX',
    default: 'mylights',
    description: 'First level of the device topics <prefix>/<deviceId>/{cmd,ack,state,status}.',
  },
  {
    env: 'VIRTUAL_DEVICES',
    default: 'on',
    description: 'on: run virtual devices in the server; off: leave them to `mylights devices simulate`.',
  },
  {
    env: 'ACCESS_TOKEN_TTL',
    default: '3600',
    description: 'Access token lifetime in seconds (Alexa requires at least 360).',
  },
  {
    env: 'ACCESS_TOKEN_LEEWAY',
    default: '60',
    description:
      "Seconds past an access token's expiry during which it is still accepted (0 to 300): a directive Alexa sent just before the expiry must not be answered EXPIRED_AUTHORIZATION_CREDENTIAL.",
  },
  { env: 'LOG_LEVEL', default: 'info', description: `One of ${LOG_LEVELS.join(', ')}.` },
  {
    env: 'MYLIGHTS_API_URL',
    default: '(unset)',
    description: 'For the Lambda handler: base URL of the resource API.',
  },
  {
    env: 'ALEXA_SCHEMA_PATH',
    default: '(downloaded once)',
    description:
      "Simulator (`mylights alexa`): Amazon's alexa_smart_home_message_schema.json; unset = downloaded from alexa-samples/alexa-smarthome and cached (when that fails, answers go unchecked, with a warning).",
  },
  {
    env: 'ALEXA_SCHEMA_URL',
    default: '(GitHub)',
    description:
      "Simulator: where to download Amazon's schema from when ALEXA_SCHEMA_PATH is unset and nothing is cached (a mirror).",
  },
  {
    env: 'MYLIGHTS_ALEXA_STATE',
    default: './.mylights-alexa.json',
    description: 'Simulator: the linked-account file (tokens and client secret, mode 0600).',
  },
  {
    env: 'VERDICT_CACHE_MS',
    default: '5000',
    description: 'How long a token verdict is reused (0 disables the cache).',
  },
  {
    env: 'DEVICE_TIMEOUT_MS',
    default: '3000',
    description: 'How long to wait for a device to acknowledge a command.',
  },
  {
    env: 'VERIFY_TIMEOUT_MS',
    default: '2000',
    description:
      "Bound on verifying a directive's access token; past it the skill answers INTERNAL_ERROR (never an auth error). `serve` warns when it and DEVICE_TIMEOUT_MS together reach DIRECTIVE_TIMEOUT_MS.",
  },
  {
    env: 'DIRECTIVE_TIMEOUT_MS',
    default: '7500',
    description:
      "Bound on a whole directive (verification, store, device) in the server; past it the skill answers INTERNAL_ERROR (never an auth error), before Alexa stops waiting at 8 s. 100 to 7900. The Lambda uses its own deadline (7.5 s, or Lambda's timeout less 200 ms).",
  },
  {
    env: 'REFRESH_TOKEN_ROTATION',
    default: 'off',
    description:
      'on: issue a new refresh token on every refresh (reuse after the grace window revokes the grant); off suits Alexa.',
  },
  {
    env: 'REFRESH_TOKEN_REUSE_GRACE',
    default: '60',
    description:
      'With rotation on: seconds a rotated refresh token still works (retried or concurrent refreshes).',
  },
  {
    env: 'TOKEN_RATE_LIMIT',
    default: '3000',
    description: 'Token endpoint requests per client per minute; 0 disables the limit.',
  },
  {
    env: 'DIRECTIVE_RATE_PER_ENDPOINT',
    default: '20',
    description:
      'Alexa control directives per second for one endpoint of a user (burst 2x); over it RATE_LIMIT_EXCEEDED. Per process (per warm container in Lambda); 0 disables.',
  },
  {
    env: 'DIRECTIVE_RATE_PER_USER',
    default: '100',
    description:
      'Alexa directives per second for one user, Discover and ReportState included (burst 2x); over it RATE_LIMIT_EXCEEDED. Per process (per warm container in Lambda); 0 disables.',
  },
];

type Env = Record<string, string | undefined>;

function intSetting(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(`${name}=${JSON.stringify(raw)} is not a whole number`);
    return fallback;
  }
  const value = Number(raw);
  if (value < min || value > max) problems.push(`${name}=${value} is outside ${min}..${max}`);
  return value;
}

function urlSetting(env: Env, name: string, protocols: string[], problems: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} must use ${protocols.join(' or ')}; got ${url.protocol}`);
    }
    return raw;
  } catch {
    problems.push(`${name} is not a URL`);
    return undefined;
  }
}

/** Why one TRUST_PROXY entry is refused, or undefined when it is an IP address or a CIDR range. */
function trustProxyProblem(entry: string): string | undefined {
  const [address = '', prefix, ...rest] = entry.split('/');
  const kind = isIP(address);
  if (/^\d+$/.test(entry)) return 'looks like a hop count; name the proxies by address or CIDR range instead';
  if (['true', '*', 'all'].includes(entry.toLowerCase()))
    return 'would trust every peer; name the proxies by address or CIDR range instead';
  if (kind === 0 || address.includes('%') || rest.length > 0)
    return 'is not an IP address or CIDR range (e.g. 10.0.0.1 or 10.0.0.0/16)';
  if (prefix === undefined) return undefined;
  const max = kind === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `has a prefix length outside 1..${max}`;
  if (Number(prefix) === 0)
    return 'would trust every peer (a /0 range); name the proxies by address or CIDR range instead';
  return undefined;
}

/** TRUST_PROXY: the proxies whose X-Forwarded-For is believed. Unset or empty trusts none. */
function trustProxySetting(env: Env, problems: string[]): string[] {
  const entries = (env.TRUST_PROXY ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const problem = trustProxyProblem(entry);
    if (problem) problems.push(`TRUST_PROXY entry ${JSON.stringify(entry)} ${problem}`);
  }
  return entries;
}

/** Reads and validates the configuration; throws ConfigError listing every bad setting at once. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const host = env.HOST || '127.0.0.1';
  const port = intSetting(env, 'PORT', 3000, 0, 65535, problems);
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL=${JSON.stringify(env.LOG_LEVEL)} is not one of ${LOG_LEVELS.join(', ')}`);
  const vd = (env.VIRTUAL_DEVICES || 'on').toLowerCase();
  if (!['on', 'off'].includes(vd))
    problems.push(`VIRTUAL_DEVICES must be on or off; got ${JSON.stringify(env.VIRTUAL_DEVICES)}`);
  const publicUrl = urlSetting(env, 'PUBLIC_URL', ['http:', 'https:'], problems);
  const rotation = (env.REFRESH_TOKEN_ROTATION || 'off').toLowerCase();
  if (!['on', 'off'].includes(rotation))
    problems.push(
      `REFRESH_TOKEN_ROTATION must be on or off; got ${JSON.stringify(env.REFRESH_TOKEN_ROTATION)}`,
    );
  const config: Config = {
    host,
    port,
    publicUrl: (publicUrl ?? '').replace(/\/+$/, ''),
    dataDir: env.DATA_DIR || './data',
    databaseUrl: urlSetting(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems),
    redisUrl: urlSetting(env, 'REDIS_URL', ['redis:', 'rediss:'], problems),
    redisChannel: env.REDIS_CHANNEL || 'mylights:bus',
    mqttUrl: urlSetting(env, 'MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:'], problems),
    mqttPort: intSetting(env, 'MQTT_PORT', 18830, 0, 65535, problems),
    mqttTopicPrefix: env.MQTT_TOPIC_PREFIX || 'mylights',
    virtualDevices: vd !== 'off',
    accessTokenTtl: intSetting(env, 'ACCESS_TOKEN_TTL', 3600, 1, 86400, problems),
    accessTokenLeeway: intSetting(env, 'ACCESS_TOKEN_LEEWAY', 60, 0, 300, problems),
    logLevel,
    apiUrl: urlSetting(env, 'MYLIGHTS_API_URL', ['http:', 'https:'], problems),
    verdictCacheMs: intSetting(env, 'VERDICT_CACHE_MS', 5000, 0, 300000, problems),
    deviceTimeoutMs: intSetting(env, 'DEVICE_TIMEOUT_MS', 3000, 50, 7000, problems),
    verifyTimeoutMs: intSetting(env, 'VERIFY_TIMEOUT_MS', 2000, 10, 7000, problems),
    // Up to 100 ms short of Alexa's limit: the answer still has to travel back.
    directiveTimeoutMs: intSetting(
      env,
      'DIRECTIVE_TIMEOUT_MS',
      7500,
      100,
      ALEXA_ANSWER_LIMIT_MS - 100,
      problems,
    ),
    demo: false,
    refreshTokenRotation: rotation === 'on',
    refreshTokenReuseGrace: intSetting(env, 'REFRESH_TOKEN_REUSE_GRACE', 60, 0, 3600, problems),
    tokenRateLimit: intSetting(env, 'TOKEN_RATE_LIMIT', 3000, 0, 10_000_000, problems),
    directiveRatePerEndpoint: intSetting(env, 'DIRECTIVE_RATE_PER_ENDPOINT', 20, 0, 100_000, problems),
    directiveRatePerUser: intSetting(env, 'DIRECTIVE_RATE_PER_USER', 100, 0, 100_000, problems),
    trustProxy: trustProxySetting(env, problems),
    ...overrides,
  };
  if (config.mqttPort === 1883 && !config.mqttUrl) {
    problems.push(
      'MQTT_PORT=1883 would clash with a system Mosquitto; pick another port or set MQTT_URL to use that broker',
    );
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(config.mqttTopicPrefix))
    problems.push('MQTT_TOPIC_PREFIX must be 1-64 of A-Z a-z 0-9 _ - (no MQTT wildcards or separators)');
  if (!/^[\x21-\x7e]{1,128}$/.test(config.redisChannel))
    problems.push('REDIS_CHANNEL must be 1-128 printable characters without spaces');
  if (problems.length > 0) throw new ConfigError(problems);
  if (!config.publicUrl) config.publicUrl = `http://${config.host}:${config.port}`;
  return config;
}

/** Alexa waits this long for a skill's answer, then tells the user the device is not responding. */
export const ALEXA_ANSWER_LIMIT_MS = 8000;

/** Alexa refuses access tokens that live less than 360 seconds. */
export const ALEXA_MIN_ACCESS_TOKEN_TTL = 360;
