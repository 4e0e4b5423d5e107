// In-process events between services. Verdict caches listen for revocations so that a revocation
// processed by this instance takes effect at once; the web app listens for device state.
import { EventEmitter } from 'node:events';

export interface BusEvents {
  /** A grant (and every token issued under it) is gone. */
  'grant-revoked': { grantId: string; userId: string | null };
  /** An account was disabled, re-enabled or deleted: every cached verdict for it is stale. */
  'account-changed': { userId: string; change: 'disabled' | 'enabled' | 'deleted' };
  /** A device's state or connectivity changed (from a directive, the web app or the device itself). */
  'device-changed': {
    userId: string;
    deviceId: string;
    change: 'state' | 'added' | 'removed' | 'renamed' | 'online';
  };
}

/** One event with its name, as it crosses instances (src/cloud/bus-redis.ts). */
export type BusEvent = { [K in keyof BusEvents]: { event: K; payload: BusEvents[K] } }[keyof BusEvents];

export class Bus {
  private readonly emitter = new EventEmitter();
  private readonly localTaps = new Set<(e: BusEvent) => void>();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  emit<K extends keyof BusEvents>(event: K, payload: BusEvents[K]): void {
    this.emitter.emit(event, payload);
    const e = { event, payload } as BusEvent;
    for (const tap of this.localTaps) tap(e);
  }
  /** Hears every event this process emits, but not those replayed by emitRemote: a bridge to
   * other instances publishes from here, so a remote event is never sent back (no echo loop). */
  onLocal(tap: (e: BusEvent) => void): () => void {
    this.localTaps.add(tap);
    return () => this.localTaps.delete(tap);
  }
  /** Delivers an event another instance emitted to this process's listeners (not to onLocal taps). */
  emitRemote(e: BusEvent): void {
    this.emitter.emit(e.event, e.payload);
  }
  on<K extends keyof BusEvents>(event: K, listener: (payload: BusEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}

/**
 * Redis did not answer at start (decision 0800): the CLI prints the message alone. Thrown by
 * bus-redis.ts; it lives here so the CLI can recognise it without loading ioredis.
 */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}
