// The only file that reaches past oidc-provider's documented configuration (PATTERNS 7).
// 1. Loading: oidc-provider 9 prints "Unsupported runtime" on Node 20 when imported; it works there
//    (its own suite passes on 20.20, see docs/decisions/0100-oidc-provider-9.md), so that one line is
//    dropped. Any other warning still prints.
// 2. Client secrets are stored as sha256 only, and oidc-provider compares the presented secret with
//    client.clientSecret; Client#compareClientSecret is replaced to hash the presented value first
//    and compare digests in constant time.
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
