// oidc-provider's storage: every model (codes, tokens, grants, sessions, interactions) in the one
// oauth_models table keyed by (model, sha256(id)); clients read from oauth_clients. The raw id is
// never stored: `jti` is dropped from the payload and restored from the id presented to find().
// Grant id, uid, account and client are real columns so revoking a grant or deleting an account
// is one statement. Store errors propagate: oidc-provider answers them with 500 server_error,
// never invalid_grant.
import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import { param } from '../store/db.ts';
import type { Store } from '../store/db.ts';
import type { StoredClient } from './clients.ts';
import { sha256 } from './hash.ts';
import { errors } from './quarantine.ts';

export interface AdapterDeps {
  store: Store;
  findClient(clientId: string): Promise<StoredClient | null>;
  now(): number;
  /** How long a consumed (rotated) refresh token still works, in ms; 0 when rotation is off. */
  refreshReuseGraceMs: number;
  /** Revokes the grant of an authorization code that a concurrent exchange consumed first. */
  revokeReplayed(grantId: string): Promise<void>;
}

type Payload = AdapterPayload & {
  session?: { accountId?: string; cookie?: string };
  result?: { login?: { accountId?: string } };
  params?: { client_id?: unknown };
};

/** The metadata oidc-provider's Client model is built from. */
export function clientMetadata(client: StoredClient): AdapterPayload {
  const app = client.role === 'client';
  return {
    client_id: client.clientId,
    // The sha256 of the secret; quarantine.ts makes oidc-provider hash what it is given before comparing.
    client_secret: client.secretHash,
    client_name: client.name,
    redirect_uris: client.redirectUris,
    grant_types: app ? ['authorization_code', 'refresh_token'] : [],
    response_types: app ? ['code'] : [],
    // oidc-provider 9 accepts client_secret_post as well for a client registered with basic.
    token_endpoint_auth_method: 'client_secret_basic',
    require_pkce: client.requirePkce,
    role: client.role,
  };
}

function accountOf(p: Payload): string | null {
  return p.accountId ?? p.session?.accountId ?? p.result?.login?.accountId ?? null;
}

function clientOf(p: Payload): string | null {
  if (typeof p.clientId === 'string') return p.clientId;
  return typeof p.params?.client_id === 'string' ? p.params.client_id : null;
}

export function createAdapter(deps: AdapterDeps): AdapterConstructor {
  const { store } = deps;
  // Every token request looks up two or three models by id: that query is prepared once.
  const findQuery = store.prepare<{ payload: string; expires_at: number | null; consumed_at: number | null }>(
    store.db
      .selectFrom('oauth_models')
      .select(['payload', 'expires_at', 'consumed_at'])
      .where('model', '=', param('model'))
      .where('id_hash', '=', param('idHash')),
  );
  return class StoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const now = deps.now();
      const p = { ...payload } as Payload;
      delete p.jti;
      // An interaction remembers the browser session's id (a bearer secret); nothing reads it back.
      if (p.session) p.session = { ...p.session, cookie: undefined };
      const row = {
        grant_id: this.model === 'Grant' ? id : (p.grantId ?? null),
        uid: typeof p.uid === 'string' ? p.uid : null,
        account_id: accountOf(p),
        client_id: clientOf(p),
        payload: JSON.stringify(p),
        expires_at: expiresIn ? now + expiresIn * 1000 : null,
      };
      await store.db
        .insertInto('oauth_models')
        .values({
          model: this.model,
          id_hash: sha256(id),
          ...row,
          consumed_at: null,
          used_at: null,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['model', 'id_hash']).doUpdateSet(row))
        .execute();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const client = await deps.findClient(id);
        return client ? clientMetadata(client) : undefined;
      }
      const [row] = (await findQuery({ model: this.model, idHash: sha256(id) })).rows;
      return row ? this.restore(row, id) : undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      // Sessions only; the raw session id cannot be restored, and oidc-provider reads these only to
      // compare the account (interactionDetails).
      const row = await store.db
        .selectFrom('oauth_models')
        .select(['payload', 'expires_at', 'consumed_at'])
        .where('model', '=', this.model)
        .where('uid', '=', uid)
        .executeTakeFirst();
      return row ? this.restore(row, undefined) : undefined;
    }

    async findByUserCode(): Promise<undefined> {
      // The device flow is off: a lookup by user code could not restore the hashed id.
      return undefined;
    }

    async consume(id: string): Promise<void> {
      // Only the first consumption counts, so the reuse grace window starts then and never moves.
      const res = await store.db
        .updateTable('oauth_models')
        .set({ consumed_at: deps.now() })
        .where('model', '=', this.model)
        .where('id_hash', '=', sha256(id))
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      if (this.model !== 'AuthorizationCode' || Number(res.numUpdatedRows) > 0) return;
      // oidc-provider read this code unconsumed, but a concurrent exchange of the same code consumed
      // (or revoked) it since: a replay. Treated as oidc-provider treats one it sees at once (RFC 6749
      // §4.1.2): the grant and all issued under it are revoked, and this exchange gets invalid_grant.
      const row = await store.db
        .selectFrom('oauth_models')
        .select('grant_id')
        .where('model', '=', this.model)
        .where('id_hash', '=', sha256(id))
        .executeTakeFirst();
      if (row?.grant_id) await deps.revokeReplayed(row.grant_id);
      throw new errors.InvalidGrant('authorization code already consumed');
    }

    async destroy(id: string): Promise<void> {
      await store.db
        .deleteFrom('oauth_models')
        .where('model', '=', this.model)
        .where('id_hash', '=', sha256(id))
        .execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await store.db
        .deleteFrom('oauth_models')
        .where('model', '=', this.model)
        .where('grant_id', '=', grantId)
        .execute();
    }

    private restore(
      row: { payload: string; expires_at: number | null; consumed_at: number | null },
      id: string | undefined,
    ): AdapterPayload | undefined {
      const now = deps.now();
      if (row.expires_at !== null && Number(row.expires_at) <= now) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      if (id !== undefined) payload.jti = id;
      if (row.consumed_at !== null) {
        const consumedAt = Number(row.consumed_at);
        const inGrace = this.model === 'RefreshToken' && now - consumedAt < deps.refreshReuseGraceMs;
        // Within the grace window a rotated refresh token still works (a retried or concurrent
        // refresh); after it, oidc-provider sees it consumed and revokes the whole grant.
        if (!inGrace) payload.consumed = Math.floor(consumedAt / 1000);
      }
      return payload;
    }
  };
}
