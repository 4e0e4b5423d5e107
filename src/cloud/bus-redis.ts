// Bridges the in-process Bus to a Redis pub/sub channel, so that a revocation, an account change or
// a device change handled by one instance reaches every other instance at once (their verdict caches
// drop the token, their dashboards update). Events are fire-and-forget: when Redis is unreachable they
// are dropped and logged, never queued and never awaited by a directive; the verdict cache's short TTL
// (VERDICT_CACHE_MS) bounds how long another instance may still trust a revoked token meanwhile.
// See docs/scale-out.md and docs/decisions/0800-redis-must-answer-at-start.md.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisUnavailableError, type Bus, type BusEvent } from './bus.ts';
import type { Logger } from '../log.ts';

export interface BusBridge {
  /** Random per process; tags what this instance publishes so it can ignore its own messages. */
  readonly instanceId: string;
  /** One line for the serve banner. */
  describe(): string;
  /** Counters, for tests and diagnostics. */
  stats(): BridgeStats;
  close(): Promise<void>;
}

export interface BridgeStats {
  published: number;
  /** Events from other instances re-emitted here. */
  received: number;
  /** Our own messages coming back from the channel, ignored. */
  ownIgnored: number;
  /** Messages that were not a valid event, logged and dropped. */
  rejected: number;
  /** Local events that could not be published (Redis unavailable). */
  dropped: number;
}

export interface RedisBridgeOptions {
  url: string;
  channel: string;
  bus: Bus;
  logger: Logger;
  /** Bound on the first connection (and on each reconnection attempt). */
  connectTimeoutMs?: number;
}

const WIRE_VERSION = 1;
/** Events are a few ids; anything bigger is not ours. */
const MAX_MESSAGE_BYTES = 4096;
const ACCOUNT_CHANGES = ['disabled', 'enabled', 'deleted'] as const;
const DEVICE_CHANGES = ['state', 'added', 'removed', 'renamed', 'online'] as const;

type Parsed = { ok: true; from: string; event: BusEvent } | { ok: false; reason: string };

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 200;
}

function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** Validates one message from the channel; anything not exactly an event of ours is refused. */
export function parseBusMessage(raw: string): Parsed {
  if (raw.length > MAX_MESSAGE_BYTES) return { ok: false, reason: 'too large' };
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof msg !== 'object' || msg === null) return { ok: false, reason: 'not an object' };
  const m = msg as Record<string, unknown>;
  if (m.v !== WIRE_VERSION) return { ok: false, reason: 'unknown version' };
  if (!isId(m.from)) return { ok: false, reason: 'no sender' };
  const p = m.payload;
  if (typeof p !== 'object' || p === null) return { ok: false, reason: 'no payload' };
  const q = p as Record<string, unknown>;
  switch (m.event) {
    case 'grant-revoked':
      if (!isId(q.grantId) || !(q.userId === null || isId(q.userId)))
        return { ok: false, reason: 'bad grant-revoked payload' };
      return {
        ok: true,
        from: m.from,
        event: { event: m.event, payload: { grantId: q.grantId, userId: q.userId } },
      };
    case 'account-changed':
      if (!isId(q.userId) || !oneOf(ACCOUNT_CHANGES, q.change))
        return { ok: false, reason: 'bad account-changed payload' };
      return {
        ok: true,
        from: m.from,
        event: { event: m.event, payload: { userId: q.userId, change: q.change } },
      };
    case 'device-changed':
      if (!isId(q.userId) || !isId(q.deviceId) || !oneOf(DEVICE_CHANGES, q.change))
        return { ok: false, reason: 'bad device-changed payload' };
      return {
        ok: true,
        from: m.from,
        event: { event: m.event, payload: { userId: q.userId, deviceId: q.deviceId, change: q.change } },
      };
    default:
      return { ok: false, reason: 'unknown event' };
  }
}

export { RedisUnavailableError } from './bus.ts';

/** The URL without its password, for logs and the banner. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href.replace(/\/$/, '');
  } catch {
    return 'redis://(invalid URL)';
  }
}

/** Closes a connection, letting the server finish; a half-dead connection must not hold up shutdown. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status !== 'ready') return client.disconnect();
  const timer = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
  await Promise.race([
    client.quit().then(
      () => undefined,
      () => undefined,
    ),
    timer,
  ]);
  client.disconnect();
}

/** Connects (both connections must answer, else it throws naming REDIS_URL) and starts bridging. */
export async function startRedisBridge(opts: RedisBridgeOptions): Promise<BusBridge> {
  const { bus, channel } = opts;
  const log = opts.logger.child({ part: 'bus-redis' });
  const instanceId = randomBytes(8).toString('hex');
  const where = redactRedisUrl(opts.url);
  const stats: BridgeStats = { published: 0, received: 0, ownIgnored: 0, rejected: 0, dropped: 0 };
  const base = {
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    // Reconnect forever, at most every 2 s: losing Redis must never end the process.
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
    connectionName: `mylights-${instanceId}`,
  };
  // The publisher never queues while disconnected: an event is dropped at once, not held in memory
  // and not awaited. The subscriber keeps ioredis' default so it re-subscribes after a reconnection.
  const pub = new Redis(opts.url, { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  const sub = new Redis(opts.url, base);

  let closed = false;
  // connect() rejects with "Connection is closed"; the cause (ECONNREFUSED, auth…) comes as 'error'.
  let lastError: Error | undefined;
  const watch = (client: Redis, role: string) => {
    let up = false;
    let complained = false;
    client.on('ready', () => {
      if (complained) log.info({ role }, 'Redis is back: cross-instance events flow again');
      up = true;
      complained = false;
    });
    const lost = (err?: Error) => {
      if (closed || complained) return;
      complained = true;
      if (up)
        log.warn(
          { role, err: err?.message },
          'lost Redis: cross-instance events are dropped until it returns; other instances trust cached verdicts for at most VERDICT_CACHE_MS',
        );
      up = false;
    };
    client.on('error', (err: Error) => {
      lastError = err;
      lost(err);
    });
    client.on('close', () => lost());
  };
  watch(pub, 'publisher');
  watch(sub, 'subscriber');

  try {
    await Promise.all([pub.connect(), sub.connect()]);
    await sub.subscribe(channel);
  } catch (err) {
    pub.disconnect();
    sub.disconnect();
    const reason = lastError?.message ?? (err instanceof Error ? err.message : String(err));
    throw new RedisUnavailableError(
      `REDIS_URL: cannot use Redis at ${where} (${reason}). Other instances' revocations would not reach this one; start Redis, fix REDIS_URL, or unset it to run a single instance.`,
      { cause: err },
    );
  }

  sub.on('message', (ch: string, raw: string) => {
    if (ch !== channel || closed) return;
    const parsed = parseBusMessage(raw);
    if (!parsed.ok) {
      stats.rejected++;
      // Never the content: it is untrusted and could be anything.
      log.warn(
        { reason: parsed.reason, bytes: raw.length, channel },
        'dropped a malformed message from Redis',
      );
      return;
    }
    if (parsed.from === instanceId) {
      stats.ownIgnored++;
      return;
    }
    stats.received++;
    try {
      bus.emitRemote(parsed.event);
    } catch (err) {
      log.error({ err, event: parsed.event.event }, 'a listener failed on an event from another instance');
    }
  });

  const inflight = new Set<Promise<void>>();
  let droppedLogged = false;
  const dropped = (event: string, err?: unknown) => {
    stats.dropped++;
    if (droppedLogged) return;
    droppedLogged = true;
    log.warn(
      { event, err: err instanceof Error ? err.message : undefined },
      'could not publish an event to Redis; other instances will see it only when their verdict caches expire',
    );
  };
  pub.on('ready', () => (droppedLogged = false));

  const offTap = bus.onLocal((e) => {
    if (closed) return;
    if (pub.status !== 'ready') return dropped(e.event);
    const message = JSON.stringify({ v: WIRE_VERSION, from: instanceId, event: e.event, payload: e.payload });
    const p: Promise<void> = pub.publish(channel, message).then(
      () => {
        stats.published++;
      },
      (err: unknown) => dropped(e.event, err),
    );
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  });

  log.info({ redis: where, channel, instanceId }, 'bridging bus events through Redis');

  return {
    instanceId,
    describe: () => `bus: Redis at ${where}, channel ${channel} (instance ${instanceId})`,
    stats: () => ({ ...stats }),
    async close() {
      if (closed) return;
      offTap();
      // Let the last events out (a CLI revocation must reach the servers before the process exits).
      const timer = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
      await Promise.race([Promise.allSettled([...inflight]), timer]);
      closed = true;
      await Promise.all([closeRedisClient(pub), closeRedisClient(sub)]);
    },
  };
}
