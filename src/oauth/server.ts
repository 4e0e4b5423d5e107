// The running authorization server: the provider plus what its HTTP routes need (CSRF tokens,
// rate limits). Built once per App, on first use, because it needs the signing key from the store.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Bus } from '../cloud/bus.ts';
import type { Store } from '../store/db.ts';
import type { Accounts } from '../cloud/accounts.ts';
import type { OAuthClients } from './clients.ts';
import type { OAuthGrants } from './grants.ts';
import { deriveSecret, type SigningKeys } from './keys.ts';
import { createProvider } from './provider.ts';
import { contextOnlyInFlight, type Provider } from './quarantine.ts';
import { CsrfTokens } from './csrf.ts';
import { Counter, type SignInLimits } from './rate-limit.ts';

export interface OAuthServer {
  provider: Provider;
  /** Hands one HTTP request to the provider (its request context is on only while one is in flight). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  issuer: string;
  csrf: CsrfTokens;
  signIn: SignInLimits;
  /** Token endpoint requests per client per minute; undefined when unlimited. */
  tokenRequests: Counter | undefined;
  accounts: Accounts;
  clients: OAuthClients;
  logger: Logger;
}

export interface OAuthServerDeps {
  config: Config;
  logger: Logger;
  store: Store;
  bus: Bus;
  accounts: Accounts;
  clients: OAuthClients;
  grants: OAuthGrants;
  keys: SigningKeys;
  signInLimits: SignInLimits;
}

export async function createOAuthServer(deps: OAuthServerDeps): Promise<OAuthServer> {
  const signingKey = await deps.keys.active();
  const provider = createProvider({
    issuer: deps.config.publicUrl,
    store: deps.store,
    bus: deps.bus,
    logger: deps.logger,
    clients: deps.clients,
    grants: deps.grants,
    findUser: (id) => deps.accounts.findById(id),
    signingKey,
    accessTokenTtl: deps.config.accessTokenTtl,
    refreshTokenRotation: deps.config.refreshTokenRotation,
    refreshTokenReuseGrace: deps.config.refreshTokenReuseGrace,
  });
  // Koa composes its middleware when the callback is made: made on the first request, as before, so
  // middleware added to the provider until then (tests observe requests that way) takes part.
  let callback: ReturnType<Provider['callback']> | undefined;
  return {
    provider,
    handle: contextOnlyInFlight((req: IncomingMessage, res: ServerResponse) =>
      (callback ??= provider.callback())(req, res),
    ),
    issuer: deps.config.publicUrl,
    csrf: new CsrfTokens(deriveSecret(signingKey, 'csrf')),
    signIn: deps.signInLimits,
    tokenRequests:
      deps.config.tokenRateLimit > 0
        ? new Counter({ max: deps.config.tokenRateLimit, windowMs: 60_000 })
        : undefined,
    accounts: deps.accounts,
    clients: deps.clients,
    logger: deps.logger.child({ component: 'oauth' }),
  };
}
