// The one store query behind every token verification: does the grant still exist, and is its user
// still active? Answered in a single round trip. The query is on the directive hot path, so it is
// prepared once; each call only binds its parameters.
import { param, type Store } from '../store/db.ts';
import { sha256 } from './hash.ts';
import type { GrantStatus } from '../auth/local-verifier.ts';
export type { GrantStatus };

export function grantStatusLookup(store: Store) {
  type Row = { status: string; id_hash: string | null; expires_at: number | null };
  const query = store.prepare<Row>(
    store.db
      .selectFrom('users as u')
      .leftJoin('oauth_models as g', (join) =>
        join
          .on('g.model', '=', 'Grant')
          .on('g.id_hash', '=', param('grantHash'))
          .onRef('g.account_id', '=', 'u.id'),
      )
      .select(['u.status', 'g.id_hash', 'g.expires_at'])
      .where('u.id', '=', param('userId')),
  );
  return async (grantId: string, userId: string, now: number = Date.now()): Promise<GrantStatus> => {
    const { rows } = await query({ grantHash: sha256(grantId), userId });
    const row = rows[0];
    if (!row) return 'account_deleted';
    if (row.status !== 'active') return 'account_disabled';
    if (!row.id_hash) return 'revoked';
    if (row.expires_at !== null && Number(row.expires_at) <= now) return 'revoked';
    return 'active';
  };
}
