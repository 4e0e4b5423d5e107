// The sign-in limits counted in Redis, so that every instance of a deployment sees the same counts:
// N instances behind a load balancer allow the budget of one, not N times it. Each count is one key
// with the window as its TTL (SET NX PX, then INCR, in one MULTI, checked and counted in that same
// MULTI so that parallel attempts cannot all pass), named
// `<REDIS_CHANNEL>:signin:<scope>:<ip|pair|account>:<sha256>`: no email or IP in clear.
// Every attempt is also counted in this process, and a check refuses when either count says so. When
// Redis does not answer, that call uses only this process's counts (fail open, logged): see
// docs/decisions/0902-shared-sign-in-limits-fail-open.md.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import type { Logger } from '../log.ts';
import { RedisUnavailableError } from '../cloud/bus.ts';
import { closeRedisClient, redactRedisUrl } from '../cloud/bus-redis.ts';
import { sha256 } from './hash.ts';
import {
  MemorySignInLimits,
  SIGN_IN_POLICY,
  signInKeys,
  signInRefusal,
  type SignInKeys,
  type SignInLimits,
  type SignInPolicy,
  type Tally,
} from './rate-limit.ts';

export interface RedisSignInLimitsOptions {
  url: string;
  /** The deployment's namespace in Redis (REDIS_CHANNEL): deployments sharing a Redis never share counts. */
  prefix: string;
  logger: Logger;
  policy?: SignInPolicy;
  /** Bound on the first connection (and on each reconnection attempt). */
  connectTimeoutMs?: number;
  /** A sign-in never waits longer than this on Redis before counting in this process instead. */
  commandTimeoutMs?: number;
}

export interface SharedSignInLimits {
  /** The limits of one sign-in surface ('web', 'linking'), counted apart as in a single process. */
  scope(name: string): SignInLimits;
  /** Calls that Redis did not answer, counted in this process instead (tests, diagnostics). */
  fallbacks(): number;
  close(): Promise<void>;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 500;

/** Connects (Redis must answer at start, as for the bus: decision 0800) and returns the shared limits. */
export async function startRedisSignInLimits(opts: RedisSignInLimitsOptions): Promise<SharedSignInLimits> {
  const log = opts.logger.child({ part: 'sign-in-limits' });
  const where = redactRedisUrl(opts.url);
  const policy = opts.policy ?? SIGN_IN_POLICY;
  const timeoutMs = opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  // No offline queue and no retries: while Redis is away a command fails at once and the sign-in is
  // counted in this process; nothing piles up in memory waiting for Redis.
  const client = new Redis(opts.url, {
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectionName: `mylights-limits-${randomBytes(8).toString('hex')}`,
  });
  let lastError: Error | undefined;
  client.on('error', (err: Error) => (lastError = err));
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    const reason = lastError?.message ?? (err instanceof Error ? err.message : String(err));
    throw new RedisUnavailableError(
      `REDIS_URL: cannot use Redis at ${where} for the sign-in limits (${reason}); start Redis, fix REDIS_URL, or unset it to run a single instance.`,
      { cause: err },
    );
  }

  let degraded = false;
  let fallbacks = 0;
  /** Runs one MULTI; undefined (logged once per outage) when Redis does not answer in time. */
  const run = async (
    build: (m: ChainableCommander) => ChainableCommander,
  ): Promise<unknown[] | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      if (client.status !== 'ready') throw new Error(`connection ${client.status}`);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      const replies = await Promise.race([build(client.multi()).exec(), timeout]);
      if (!replies) throw new Error('transaction aborted');
      const values = replies.map(([err, value]) => {
        if (err) throw err;
        return value;
      });
      if (degraded) log.info('Redis answers again: sign-in attempts are counted across instances');
      degraded = false;
      return values;
    } catch (err) {
      fallbacks++;
      if (!degraded)
        // The reason only: never a key, an email or an IP.
        log.warn(
          { redis: where, err: err instanceof Error ? err.message : String(err) },
          'Redis did not answer for the sign-in limits: counting sign-in attempts in this process until it does (each instance allows the full budget meanwhile)',
        );
      degraded = true;
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  log.info({ redis: where, prefix: opts.prefix }, 'sign-in limits are counted in Redis');
  return {
    scope: (name) => new RedisSignInLimits(run, `${opts.prefix}:signin:${name}`, policy),
    fallbacks: () => fallbacks,
    close: () => closeRedisClient(client),
  };
}

type Run = (build: (m: ChainableCommander) => ChainableCommander) => Promise<unknown[] | undefined>;

class RedisSignInLimits implements SignInLimits {
  /** Every attempt is also counted here, so that a Redis outage falls back on this instance's history. */
  private readonly local: MemorySignInLimits;

  constructor(
    private readonly run: Run,
    private readonly base: string,
    private readonly policy: SignInPolicy,
  ) {
    this.local = new MemorySignInLimits(Date.now, policy);
  }

  /** Hashed: a Redis dump or MONITOR shows no email and no IP. */
  private keys(ip: string, email: string): SignInKeys {
    const k = signInKeys(ip, email);
    return {
      ip: `${this.base}:ip:${sha256(k.ip)}`,
      pair: `${this.base}:pair:${sha256(k.pair)}`,
      account: `${this.base}:account:${sha256(k.account)}`,
    };
  }

  /** A tally from a count and its PTTL (-2: no key, -1: no expiry, never set by us). */
  private static tally(count: unknown, pttl: unknown, windowMs: number): Tally {
    const ttl = Number(pttl);
    return {
      count: Math.max(0, Number(count ?? 0)),
      retryAfter: Math.max(1, Math.ceil((ttl >= 0 ? ttl : windowMs) / 1000)),
    };
  }

  async check(ip: string, email: string): Promise<number> {
    const k = this.keys(ip, email);
    const r = await this.run((m) =>
      m.get(k.ip).pttl(k.ip).get(k.pair).pttl(k.pair).get(k.account).pttl(k.account),
    );
    // Never less strict than this instance's own counts: they hold what was counted while Redis was
    // away (or before it lost its data), and they are what a single instance would enforce anyway.
    const local = this.local.wait(ip, email);
    if (!r) return local;
    const p = this.policy;
    const shared = signInRefusal(p, {
      ip: RedisSignInLimits.tally(r[0], r[1], p.perIp.windowMs),
      pair: RedisSignInLimits.tally(r[2], r[3], p.perAccountIp.windowMs),
      account: RedisSignInLimits.tally(r[4], r[5], p.perAccount.windowMs),
    });
    return Math.max(shared, local);
  }

  begin(ip: string, email: string): Promise<number> {
    return this.start(ip, email, false);
  }

  beginCostly(ip: string, email: string): Promise<number> {
    return this.start(ip, email, true);
  }

  // Check and count in one MULTI: each INCR returns the count including this attempt, so parallel
  // attempts on any instance see each other. The policy is applied to the counts before this attempt;
  // a refused attempt's increments are taken back. A sign-up (costly) counts against the IP only.
  private async start(ip: string, email: string, costly: boolean): Promise<number> {
    const k = this.keys(ip, email);
    const p = this.policy;
    const keys = [k.ip, k.pair, k.account];
    const windows = [p.perIp.windowMs, p.perAccountIp.windowMs, p.perAccount.windowMs];
    const counted = costly ? [k.ip] : keys;
    // Where each key's count and PTTL land among the replies, and whether the count includes this attempt.
    const slots: Array<{ count: number; pttl: number; mine: number }> = [];
    const r = await this.run((m) => {
      let at = 0;
      keys.forEach((key, i) => {
        if (counted.includes(key)) {
          m = hit(m, key, windows[i]!).pttl(key); // SET, INCR, PTTL
          slots.push({ count: at + 1, pttl: at + 2, mine: 1 });
          at += 3;
        } else {
          m = m.get(key).pttl(key);
          slots.push({ count: at, pttl: at + 1, mine: 0 });
          at += 2;
        }
      });
      return m;
    });
    const local = costly ? this.local.beginCostlyNow(ip, email) : this.local.beginNow(ip, email);
    if (!r) return local;
    const tally = (i: number): Tally => {
      const s = slots[i]!;
      return RedisSignInLimits.tally(Number(r[s.count] ?? 0) - s.mine, r[s.pttl], windows[i]!);
    };
    const wait = Math.max(signInRefusal(p, { ip: tally(0), pair: tally(1), account: tally(2) }), local);
    if (wait > 0) {
      if (local === 0) this.local.undo(ip, email, costly);
      await this.run((m) => takeBack(m, counted));
    }
    return wait;
  }

  async succeeded(ip: string, email: string): Promise<void> {
    await this.local.succeeded(ip, email);
    const k = this.keys(ip, email);
    await this.run((m) => takeBack(m, [k.ip, k.account]).del(k.pair));
  }
}

/** One more attempt in the key's fixed window: the first creates it with the window as its TTL. */
function hit(m: ChainableCommander, key: string, windowMs: number): ChainableCommander {
  return m.set(key, 0, 'PX', windowMs, 'NX').incr(key);
}

// DECR only a key that still exists: a window that has ended must not come back at -1 with no TTL.
const TAKE_BACK = `for i, key in ipairs(KEYS) do
  if redis.call('exists', key) == 1 and tonumber(redis.call('get', key)) > 0 then redis.call('decr', key) end
end
return 0`;

/** Takes back one attempt from each key (an attempt that was refused, or that succeeded). */
function takeBack(m: ChainableCommander, keys: string[]): ChainableCommander {
  return m.eval(TAKE_BACK, keys.length, ...keys);
}
