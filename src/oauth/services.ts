// What the rest of the app uses from the authorization server: clients, grants, signing keys, the
// server itself (built on first use), and the verification primitive for its access tokens.
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/db.ts';
import type { Bus } from '../cloud/bus.ts';
import type { Accounts } from '../cloud/accounts.ts';
import { LocalVerifier, type LocalVerifierDeps } from '../auth/local-verifier.ts';
import { OAuthClients } from './clients.ts';
import { OAuthGrants } from './grants.ts';
import { KeyCache, SigningKeys } from './keys.ts';
import { grantStatusLookup } from './grant-status.ts';
import { accessTokenAudience } from './audience.ts';
import type { OAuthServer } from './server.ts';
import type { SignInLimits } from './rate-limit.ts';

export interface OAuthServices {
  clients: OAuthClients;
  grants: OAuthGrants;
  keys: SigningKeys;
  /** The authorization server; generates the first signing key on first call. */
  server(): Promise<OAuthServer>;
}

export interface OAuthServiceDeps {
  config: Config;
  logger: Logger;
  store: Store;
  bus: Bus;
  accounts: Accounts;
  /** The linking pages' sign-in limits (in process, or shared through Redis: app.ts decides). */
  signInLimits: SignInLimits;
}

export function createOAuthServices(deps: OAuthServiceDeps): OAuthServices {
  const clients = new OAuthClients(deps.store, deps.bus);
  const grants = new OAuthGrants(deps.store, deps.bus);
  const keys = new SigningKeys(deps.store);
  let server: Promise<OAuthServer> | undefined;
  return {
    clients,
    grants,
    keys,
    server() {
      // Loaded on demand so CLI commands that never serve OAuth do not load oidc-provider.
      server ??= import('./server.ts')
        .then(({ createOAuthServer }) => createOAuthServer({ ...deps, clients, grants, keys }))
        .catch((err: unknown) => {
          server = undefined;
          throw err;
        });
      return server;
    },
  };
}

/** Verifies this server's access tokens in-process: cached keys, one store query per call. */
export function createLocalVerifier(
  config: Config,
  store: Store,
  keys: SigningKeys,
  opts: Pick<LocalVerifierDeps, 'memoEntries' | 'now'> = {},
): LocalVerifier {
  const cache = new KeyCache(keys);
  const grantStatus = grantStatusLookup(store);
  return new LocalVerifier({
    issuer: config.publicUrl,
    audience: accessTokenAudience(config.publicUrl),
    key: (kid) => cache.get(kid),
    grantStatus: (grantId, userId, now) => grantStatus(grantId, userId, now),
    expiryLeewayMs: config.accessTokenLeeway * 1000,
    ...opts,
  });
}
