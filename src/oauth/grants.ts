// The grants a user has given ("Linked apps" in the web app): list them and revoke one. A grant is
// the root of every code and token issued under it, so revoking deletes them all in one statement.
import type { Store } from '../store/db.ts';
import type { Bus } from '../cloud/bus.ts';
import { sha256 } from './hash.ts';

/** lastUsedAt is kept to the minute: a burst of refreshes does not become a burst of writes. */
const TOUCH_EVERY_MS = 60_000;

export interface LinkedGrant {
  grantId: string;
  clientId: string;
  clientName: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds of the last token issued under the grant (code exchange or refresh); null if none yet. */
  lastUsedAt: number | null;
}

export class OAuthGrants {
  /** When this process last recorded each grant's use; spares the store a write per refresh. */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
  ) {}

  async listForUser(userId: string): Promise<LinkedGrant[]> {
    const rows = await this.store.db
      .selectFrom('oauth_models as g')
      .innerJoin('oauth_clients as c', 'c.id', 'g.client_id')
      .select(['g.grant_id', 'g.client_id', 'c.name', 'g.created_at', 'g.used_at'])
      .where('g.model', '=', 'Grant')
      .where('g.account_id', '=', userId)
      .orderBy('g.created_at')
      .execute();
    return rows.map((r) => ({
      grantId: r.grant_id ?? '',
      clientId: r.client_id ?? '',
      clientName: r.name,
      createdAt: Number(r.created_at),
      lastUsedAt: r.used_at === null ? null : Number(r.used_at),
    }));
  }

  /**
   * Revokes one of the user's grants: the grant, its codes and refresh tokens are deleted, and access
   * tokens under it stop verifying at once. Returns false when the user has no such grant.
   */
  async revoke(userId: string, grantId: string): Promise<boolean> {
    const removed = await this.remove(grantId, userId);
    if (removed) this.bus.emit('grant-revoked', { grantId, userId });
    return removed !== undefined;
  }

  /**
   * Revokes a grant whoever owns it (a replayed authorization code: RFC 6749 §4.1.2), with the same
   * effect as revoke(). The owner, read before the delete, goes in the bus event.
   */
  async revokeReplayed(grantId: string): Promise<void> {
    const removed = await this.remove(grantId);
    this.bus.emit('grant-revoked', { grantId, userId: removed?.owner ?? null });
  }

  /**
   * Deletes the grant and everything issued under it, in one transaction; with `owner`, only when
   * the grant is that user's. Undefined when nothing was the owner's to delete.
   */
  private remove(grantId: string, owner?: string): Promise<{ owner: string | null } | undefined> {
    return this.store.db.transaction().execute(async (trx) => {
      let grant = trx
        .selectFrom('oauth_models')
        .select('account_id')
        .where('model', '=', 'Grant')
        .where('grant_id', '=', grantId);
      if (owner !== undefined) grant = grant.where('account_id', '=', owner);
      const found = await grant.executeTakeFirst();
      if (owner !== undefined && !found) return undefined;
      await trx.deleteFrom('oauth_models').where('grant_id', '=', grantId).execute();
      return { owner: found?.account_id ?? null };
    });
  }

  /**
   * Records that a token was just issued under the grant (for lastUsedAt). At most one write a
   * minute per grant, and none at all when this process wrote it within that minute.
   */
  async touch(grantId: string, at: number = Date.now()): Promise<void> {
    const last = this.touched.get(grantId);
    if (last !== undefined && at - last < TOUCH_EVERY_MS) return;
    // Bounded: forget everything now and then rather than track every grant ever seen.
    if (this.touched.size >= 100_000) this.touched.clear();
    this.touched.set(grantId, at);
    await this.store.db
      .updateTable('oauth_models')
      .set({ used_at: at })
      .where('model', '=', 'Grant')
      // The primary key, not the grant_id index: every code and token of the grant shares that.
      .where('id_hash', '=', sha256(grantId))
      .where((eb) => eb.or([eb('used_at', 'is', null), eb('used_at', '<', at - TOUCH_EVERY_MS)]))
      .execute();
  }
}
