// A small HTTP client for the resource API, used by the Lambda (RemoteVerifier, remote device
// cloud). Plain node:http/https with a keep-alive agent: a warm Lambda reuses its TLS connection,
// and no dependency enters the bundle. Every call has a hard deadline; the outcome says whether the
// answer carried the API's signature, so callers can tell our verdicts from a proxy's.
import * as http from 'node:http';
import * as https from 'node:https';
import { API_PREFIX, API_SIGNATURE_HEADER, API_SIGNATURE_VALUE } from './contract.ts';

export type ApiOutcome =
  /** An HTTP answer. `signed`: it carries the API signature and a JSON body, so it is ours. */
  | { kind: 'answer'; status: number; signed: boolean; body: unknown }
  /** No answer: refused, reset, DNS, TLS, or the deadline passed. */
  | { kind: 'failure'; cause: string };

export interface ApiClientOptions {
  /** Base URL of the server (MYLIGHTS_API_URL), with or without /api/v1. */
  baseUrl: string;
  /** Most sockets kept open per host. */
  maxSockets?: number;
  /** Largest answer read, in bytes. */
  maxBody?: number;
}

export interface CallOptions {
  token: string;
  body?: unknown;
  /** Deadline for the whole exchange (connect, send, answer). */
  timeoutMs: number;
}

export class ApiClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly maxBody: number;

  constructor(options: ApiClientOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    this.base = new URL(base.endsWith(API_PREFIX) ? base : `${base}${API_PREFIX}`);
    const agentOptions = { keepAlive: true, keepAliveMsecs: 1000, maxSockets: options.maxSockets ?? 16 };
    this.agent =
      this.base.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.maxBody = options.maxBody ?? 2 * 1024 * 1024;
  }

  get baseUrl(): string {
    return this.base.toString();
  }

  call(method: 'GET' | 'POST', path: string, options: CallOptions): Promise<ApiOutcome> {
    const url = new URL(this.base.pathname + path, this.base);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<ApiOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: ApiOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const req = lib.request(url, {
        method,
        agent: this.agent,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(payload !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      });
      const timer = setTimeout(() => {
        settle({ kind: 'failure', cause: `no answer within ${options.timeoutMs} ms` });
        req.destroy();
      }, options.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) =>
        settle({ kind: 'failure', cause: `${err.code ?? 'error'}: ${err.message}` }),
      );
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxBody) {
            settle({ kind: 'failure', cause: `answer larger than ${this.maxBody} bytes` });
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err) => settle({ kind: 'failure', cause: `answer cut off: ${err.message}` }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          const isJson = /^application\/json\b/i.test(res.headers['content-type'] ?? '');
          let body: unknown = text;
          let parsed = false;
          if (isJson) {
            try {
              body = JSON.parse(text);
              parsed = true;
            } catch {
              /* a non-JSON body under a JSON content type is not ours */
            }
          }
          const signed =
            res.headers[API_SIGNATURE_HEADER] === API_SIGNATURE_VALUE &&
            parsed &&
            typeof body === 'object' &&
            body !== null;
          settle({ kind: 'answer', status, signed, body });
        });
      });
      if (payload !== undefined) req.end(payload);
      else req.end();
    });
  }

  /** Closes idle keep-alive sockets (tests, shutdown). */
  close(): void {
    this.agent.destroy();
  }
}

/** True when the outcome is our API's JSON error with this `error` code. */
export function isApiError(
  outcome: ApiOutcome,
  status: number,
  error: string,
): outcome is { kind: 'answer'; status: number; signed: true; body: { error: string; reason?: unknown } } {
  return (
    outcome.kind === 'answer' &&
    outcome.signed &&
    outcome.status === status &&
    (outcome.body as { error?: unknown }).error === error
  );
}

/** A short description of an outcome for logs and transient causes (never the token or the body). */
export function describeOutcome(outcome: ApiOutcome): string {
  if (outcome.kind === 'failure') return outcome.cause;
  const err = (outcome.body as { error?: unknown } | null)?.error;
  return outcome.signed
    ? `resource API answered ${outcome.status}${typeof err === 'string' ? ` ${err}` : ''}`
    : `HTTP ${outcome.status} without the resource API's signature (a proxy or gateway answered)`;
}
