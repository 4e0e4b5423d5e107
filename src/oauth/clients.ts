// Registered OAuth clients (Alexa, the simulator, resource servers). The secret is returned once by
// add() and stored only as its sha256; the authorization server reads clients from this table.
import { randomBytes, randomUUID } from 'node:crypto';
import { param, type PreparedQuery, type Store } from '../store/db.ts';
import type { OAuthClientsTable } from '../store/schema.ts';
import type { Bus } from '../cloud/bus.ts';
import { sha256 } from './hash.ts';
import { ClientInputError, validateRedirectUri } from './redirect-uris.ts';

export { ClientInputError };

export type ClientRole = 'client' | 'resource-server';
export const CLIENT_ROLES: readonly ClientRole[] = ['client', 'resource-server'];

export interface OAuthClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  requirePkce: boolean;
  role: ClientRole;
  createdAt: number;
}

export interface NewClient {
  name: string;
  redirectUris: string[];
  requirePkce?: boolean;
  role?: ClientRole;
}

/** A client as stored, with its secret digest: only the authorization server's adapter needs this. */
export interface StoredClient extends OAuthClient {
  secretHash: string;
}

export class OAuthClients {
  /** Every token request authenticates its client: prepared once. */
  private readonly findQuery: PreparedQuery<OAuthClientsTable>;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
  ) {
    this.findQuery = store.prepare(
      store.db.selectFrom('oauth_clients').selectAll().where('id', '=', param('id')),
    );
  }

  /** Registers a client and returns it with its secret, which is never retrievable again. */
  async add(input: NewClient): Promise<OAuthClient & { clientSecret: string }> {
    const name = input.name.trim();
    if (!name || name.length > 100)
      throw new ClientInputError('the client name must have 1 to 100 characters');
    const role = input.role ?? 'client';
    if (!CLIENT_ROLES.includes(role))
      throw new ClientInputError(`role must be one of ${CLIENT_ROLES.join(', ')}; got ${String(role)}`);
    const redirectUris = [...new Set(input.redirectUris.map(validateRedirectUri))];
    if (role === 'client' && redirectUris.length === 0)
      throw new ClientInputError('a client needs at least one --redirect-uri');
    const clientId = randomUUID();
    const clientSecret = randomBytes(32).toString('base64url');
    const createdAt = Date.now();
    const requirePkce = Boolean(input.requirePkce);
    await this.store.db
      .insertInto('oauth_clients')
      .values({
        id: clientId,
        name,
        secret_hash: sha256(clientSecret),
        redirect_uris: JSON.stringify(redirectUris),
        require_pkce: requirePkce ? 1 : 0,
        role,
        created_at: createdAt,
      })
      .execute();
    return { clientId, clientSecret, name, redirectUris, requirePkce, role, createdAt };
  }

  async list(): Promise<OAuthClient[]> {
    const rows = await this.store.db.selectFrom('oauth_clients').selectAll().orderBy('created_at').execute();
    return rows.map((r) => {
      const { secretHash: _omit, ...client } = toClient(r);
      return client;
    });
  }

  async find(clientId: string): Promise<StoredClient | null> {
    const [row] = (await this.findQuery({ id: clientId })).rows;
    return row ? toClient(row) : null;
  }

  /** Removes the client and every grant, code and token issued to it. Returns false when unknown. */
  async remove(clientId: string): Promise<boolean> {
    const grants = await this.store.db.transaction().execute(async (trx) => {
      const res = await trx.deleteFrom('oauth_clients').where('id', '=', clientId).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) return null;
      const rows = await trx
        .selectFrom('oauth_models')
        .select(['grant_id', 'account_id'])
        .where('model', '=', 'Grant')
        .where('client_id', '=', clientId)
        .execute();
      await trx.deleteFrom('oauth_models').where('client_id', '=', clientId).execute();
      return rows;
    });
    if (!grants) return false;
    for (const g of grants) {
      if (g.grant_id) this.bus.emit('grant-revoked', { grantId: g.grant_id, userId: g.account_id });
    }
    return true;
  }
}

function toClient(row: {
  id: string;
  name: string;
  secret_hash: string;
  redirect_uris: string;
  require_pkce: number;
  role: string;
  created_at: number;
}): StoredClient {
  return {
    clientId: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    requirePkce: Number(row.require_pkce) === 1,
    role: row.role === 'resource-server' ? 'resource-server' : 'client',
    createdAt: Number(row.created_at),
  };
}
