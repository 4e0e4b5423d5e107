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

/** Where lines go: pino's own sonic-boom, or anything with a write(). */
export interface LineSink {
  write(chunk: string): unknown;
}

/**
 * Lines written once per turn of the event loop, for the long-running server. Under load one turn
 * answers several directives, each with its line; on a virtual machine every write(2) costs several
 * microseconds, about as much as the rest of a cached directive's logging. A line waits at most until
 * the end of its turn (setImmediate), and whatever is pending is written when the process exits.
 * Not for Lambda: it freezes the process as soon as the handler returns.
 */
export class PerTurnDestination implements DestinationStream {
  private pending = '';
  private scheduled = false;

  // sonic-boom in sync mode retries short writes and EAGAIN on a non-blocking pipe.
  constructor(private readonly sink: LineSink = pino.destination({ dest: 1, sync: true })) {}

  write(line: string): void {
    this.pending += line;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Writes what is pending now (pino's logger.flush(cb) lands here too; exit passes a code). */
  readonly flush = (cb?: unknown): void => {
    this.scheduled = false;
    if (this.pending) {
      const out = this.pending;
      this.pending = '';
      this.sink.write(out);
    }
    if (typeof cb === 'function') (cb as () => void)();
  };
}

/** Standard output through a PerTurnDestination that is flushed on exit (one per process). */
let stdoutPerTurn: PerTurnDestination | undefined;
export function perTurnStdout(): PerTurnDestination {
  if (!stdoutPerTurn) {
    const destination = new PerTurnDestination();
    process.once('exit', destination.flush);
    stdoutPerTurn = destination;
  }
  return stdoutPerTurn;
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
