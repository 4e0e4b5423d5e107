// JSON-lines logging. Secrets never reach a log: known secret-bearing keys are redacted here as a
// last line of defence, and callers log tokens only through tokenHash().
import { hash } from 'node:crypto';
import { pino, type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

const REDACT = [
  'password',
  'token',
  'access_token',
  'refresh_token',
  'code',
  'client_secret',
  'secret',
  'authorization',
  '*.password',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.secret',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

// pino's isoTime formats a Date for every line; lines come in bursts within one millisecond.
let stampMs = Number.NaN;
let stamp = '';
function isoTime(): string {
  const ms = Date.now();
  if (ms !== stampMs) {
    stamp = `,"time":"${new Date(ms).toISOString()}"`;
    stampMs = ms;
  }
  return stamp;
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** SHA-256 of a token, base64url: the key a token is known by in memory (never the token itself). */
export function tokenDigest(token: string): string {
  // One-shot hash: no Hash object per directive.
  return hash('sha256', token, 'base64url');
}

/** Short, non-reversible fingerprint of a token for logs: enough to correlate lines, useless to an attacker. */
export function tokenHash(token: string, digest = tokenDigest(token)): string {
  return digest.slice(0, 12);
}
