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

export class Bus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  emit<K extends keyof BusEvents>(event: K, payload: BusEvents[K]): void {
    this.emitter.emit(event, payload);
  }
  on<K extends keyof BusEvents>(event: K, listener: (payload: BusEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
