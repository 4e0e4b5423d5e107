// The only file that reaches past oidc-provider's documented configuration (PATTERNS 7).
// 1. Loading: oidc-provider 9 prints "Unsupported runtime" on Node 20 when imported; it works there
//    (its own suite passes on 20.20, see docs/decisions/0100-oidc-provider-9.md), so that one line is
//    dropped. Any other warning still prints.
// 2. Client secrets are stored as sha256 only, and oidc-provider compares the presented secret with
//    client.clientSecret; Client#compareClientSecret is replaced to hash the presented value first
//    and compare digests in constant time.
// 3. Request context: oidc-provider keeps each request's context in an AsyncLocalStorage. On Node 20,
//    once one has run, V8's promise hooks stay on for the life of the process, and every promise
//    anywhere pays a JavaScript call (a directive makes dozens: a sixth of its CPU, the verdict
//    cache off). The storage is disabled again whenever no provider request is in flight.
import type { AsyncLocalStorage } from 'node:async_hooks';
import type ProviderType from 'oidc-provider';
import { matchesHash } from './hash.ts';

const UNSUPPORTED_RUNTIME = 'Unsupported runtime';

async function load(): Promise<typeof import('oidc-provider')> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes(UNSUPPORTED_RUNTIME)) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

const oidc = await load();
// oidc-provider's one AsyncLocalStorage instance (typed in oidc-provider-als.d.ts).
const requestContext: AsyncLocalStorage<unknown> = (await import('oidc-provider/lib/helpers/als.js')).default;
export const Provider = oidc.Provider;
export const errors = oidc.errors;
export type Provider = ProviderType;

/** Makes the provider compare presented client secrets against the stored sha256 digest. */
export function compareHashedClientSecrets(provider: ProviderType): void {
  const proto = (
    provider.Client as unknown as { prototype: { compareClientSecret(actual: string): unknown } }
  ).prototype;
  proto.compareClientSecret = function (this: { clientSecret?: string }, actual: string): boolean {
    return typeof this.clientSecret === 'string' && typeof actual === 'string'
      ? matchesHash(actual, this.clientSecret)
      : false;
  };
}

/** Provider requests in flight in this process (one storage serves every provider in it). */
let inFlight = 0;

/**
 * Wraps the provider's request callback: when the last request in flight has finished (its
 * middleware chain has settled, so no provider code runs for it any more), the request-context
 * storage is disabled, which turns the promise hooks off until the next provider request.
 */
export function contextOnlyInFlight<A extends unknown[]>(
  callback: (...args: A) => unknown,
): (...args: A) => Promise<void> {
  return async (...args) => {
    inFlight++;
    try {
      await callback(...args);
    } finally {
      if (--inFlight === 0) requestContext.disable();
    }
  };
}

/** Whether the request-context storage is on now (tests check it is off between requests). */
export function requestContextEnabled(): boolean {
  return (requestContext as unknown as { enabled?: boolean }).enabled === true;
}
