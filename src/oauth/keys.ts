// The authorization server's signing keys, kept in the store so tokens survive a restart and every
// instance verifies what any other signed. One key signs (the newest active one); retired keys stay
// for verification until every token they signed has expired.
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import type { Store } from '../store/db.ts';

/** RS256: node:crypto verifies it several times faster than ES256 through jose (see docs/oauth.md). */
export const SIGNING_ALG = 'RS256';

/** A retired key is deleted once it can no longer have signed a live token (ACCESS_TOKEN_TTL ≤ 1 day). */
const RETIRED_KEY_RETENTION_MS = 2 * 24 * 3600 * 1000;

export interface SigningKey {
  kid: string;
  alg: string;
  /** Private JWK with kid, alg and use. */
  jwk: JsonWebKey & { kid: string; alg: string; use: 'sig' };
  createdAt: number;
  retiredAt: number | null;
}

/**
 * A secret for another purpose (cookie signing, CSRF tokens) derived from the signing key's private
 * part: shared by every instance, changed by `mylights keys rotate`, nothing more to store.
 */
export function deriveSecret(key: SigningKey, purpose: string): string {
  const secret = typeof key.jwk.d === 'string' ? key.jwk.d : key.kid;
  return createHmac('sha256', secret).update(`mylights ${purpose}`).digest('base64url');
}

export class SigningKeys {
  constructor(private readonly store: Store) {}

  async list(): Promise<SigningKey[]> {
    const rows = await this.store.db
      .selectFrom('signing_keys')
      .selectAll()
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      kid: r.kid,
      alg: r.alg,
      jwk: { ...(JSON.parse(r.private_jwk) as JsonWebKey), kid: r.kid, alg: r.alg, use: 'sig' as const },
      createdAt: Number(r.created_at),
      retiredAt: r.retired_at === null ? null : Number(r.retired_at),
    }));
  }

  /** The key that signs, generated and stored on first start. */
  async active(): Promise<SigningKey> {
    const current = (await this.list()).find((k) => k.retiredAt === null);
    if (current) return current;
    await this.insertNew();
    // Two instances starting at once may both insert; the newest active key wins everywhere.
    const after = (await this.list()).find((k) => k.retiredAt === null);
    if (!after) throw new Error('no active signing key after creating one');
    return after;
  }

  /**
   * Creates a new signing key and retires the others. Running servers keep signing with the key they
   * loaded until restarted; every instance verifies both in the meantime.
   */
  async rotate(now: number = Date.now()): Promise<SigningKey> {
    const kid = await this.insertNew(now);
    await this.store.db
      .updateTable('signing_keys')
      .set({ retired_at: now })
      .where('kid', '!=', kid)
      .where('retired_at', 'is', null)
      .execute();
    await this.store.db
      .deleteFrom('signing_keys')
      .where('retired_at', '<', now - RETIRED_KEY_RETENTION_MS)
      .execute();
    const key = (await this.list()).find((k) => k.kid === kid);
    if (!key) throw new Error('rotated key vanished');
    return key;
  }

  /** Public keys by kid, for verification. */
  async publicKeys(): Promise<Map<string, KeyObject>> {
    const map = new Map<string, KeyObject>();
    for (const k of await this.list()) {
      map.set(k.kid, createPublicKey(createPrivateKey({ key: k.jwk, format: 'jwk' })));
    }
    return map;
  }

  private async insertNew(now: number = Date.now()): Promise<string> {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomBytes(12).toString('base64url');
    await this.store.db
      .insertInto('signing_keys')
      .values({
        kid,
        alg: SIGNING_ALG,
        private_jwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
        created_at: now,
        retired_at: null,
      })
      .execute();
    return kid;
  }
}

/** An unknown kid that could not be looked up in the store yet (the reload bound): not a verdict. */
export class KeyNotYetLoadedError extends Error {
  constructor(kid: string) {
    super(`key ${kid.slice(0, 16)} is not loaded and the keys were reloaded less than a second ago`);
  }
}

/**
 * Public keys for the verifier, cached as KeyObjects. An unknown kid reloads from the store (at most
 * once a second, concurrent callers sharing the reload), so a key rotated on another instance is
 * picked up without a restart and a flood of forged kids costs at most one query a second.
 */
export class KeyCache {
  private keys = new Map<string, KeyObject>();
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly source: Pick<SigningKeys, 'publicKeys'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The key for kid, or undefined when no key of ours has that kid: a verdict (`unknown`, which
   * unlinks), so it is given only after a load of the store that began after this call did. When the
   * once-a-second bound refuses that load, this throws (a transient failure, no unlink): a key made a
   * moment ago by another instance must not look like a forgery. Throws when the store fails.
   */
  async get(kid: string): Promise<KeyObject | undefined> {
    const hit = this.keys.get(kid);
    if (hit) return hit;
    // A load already under way may have read the store before the key existed: wait for it, then
    // decide on a load of our own.
    if (this.loading) await this.loading;
    const found = this.keys.get(kid);
    if (found) return found;
    if (this.loading) await this.loading;
    else if (this.now() - this.loadedAt >= 1000) await this.reload();
    else throw new KeyNotYetLoadedError(kid);
    return this.keys.get(kid);
  }

  private reload(): Promise<void> {
    this.loading = this.source.publicKeys().then(
      (keys) => {
        this.keys = keys;
        this.loadedAt = this.now();
        this.loading = undefined;
      },
      (err: unknown) => {
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }
}
