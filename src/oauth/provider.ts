// The one factory that builds the authorization server (oidc-provider) from explicit dependencies.
// Nothing here is a module-level singleton: tests build as many providers as they like.
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from '../log.ts';
import type { Bus } from '../cloud/bus.ts';
import type { Store } from '../store/db.ts';
import type { User } from '../cloud/accounts.ts';
import { GRANT_ID_CLAIM } from '../auth/local-verifier.ts';
import { createAdapter } from './adapter.ts';
import type { OAuthClients } from './clients.ts';
import type { OAuthGrants } from './grants.ts';
import { SIGNING_ALG, deriveSecret, type SigningKey } from './keys.ts';
import { Provider, compareHashedClientSecrets, errors } from './quarantine.ts';
import { lifetimes } from './policy/lifetimes.ts';
import { issueRefreshToken, refreshPolicy } from './policy/refresh.ts';
import { mayIntrospect, pkceRequired, SCOPE_NAMES } from './policy/access.ts';
import { renderProviderError } from './pages.ts';
import { accessTokenAudience } from './audience.ts';

/** Every endpoint of the authorization server; the HTTP layer hands exactly these to the provider. */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  revocation: '/oauth/token/revocation',
  introspection: '/oauth/token/introspection',
  jwks: '/oauth/jwks',
  end_session: '/oauth/session/end',
  pushed_authorization_request: '/oauth/par',
  userinfo: '/oauth/userinfo',
} as const;

export const INTERACTION_PATH = '/oauth/interaction';

export interface ProviderDeps {
  issuer: string;
  store: Store;
  bus: Bus;
  logger: Logger;
  clients: OAuthClients;
  grants: OAuthGrants;
  findUser(id: string): Promise<User | null>;
  /** The signing key (private JWK); retired keys only verify and are not given to the provider. */
  signingKey: SigningKey;
  accessTokenTtl: number;
  refreshTokenRotation: boolean;
  refreshTokenReuseGrace: number;
  now?: () => number;
}

export function createProvider(deps: ProviderDeps): Provider {
  const now = deps.now ?? Date.now;
  const audience = accessTokenAudience(deps.issuer);
  const refresh = refreshPolicy({
    rotation: deps.refreshTokenRotation,
    reuseGraceSeconds: deps.refreshTokenReuseGrace,
  });
  const secure = deps.issuer.startsWith('https://');
  const cookie = { httpOnly: true, sameSite: 'lax' as const, secure, signed: true };

  const configuration: Configuration = {
    adapter: createAdapter({
      store: deps.store,
      findClient: (id) => deps.clients.find(id),
      now,
      refreshReuseGraceMs: refresh.reuseGraceMs,
      revokeReplayed: (grantId) => deps.grants.revokeReplayed(grantId),
    }),
    clients: [],
    async findAccount(_ctx, sub) {
      // Throws when the store fails (→ 500 server_error); undefined only when the account is gone
      // or disabled, which oidc-provider answers with invalid_grant on refresh.
      const user = await deps.findUser(sub);
      if (!user || user.status !== 'active') return undefined;
      return { accountId: user.id, claims: () => ({ sub: user.id }) };
    },
    jwks: { keys: [deps.signingKey.jwk as never] },
    cookies: { keys: [deriveSecret(deps.signingKey, 'cookies')], long: cookie, short: cookie },
    routes: { ...OAUTH_ROUTES },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    responseTypes: ['code'],
    scopes: [...SCOPE_NAMES],
    claims: {},
    extraClientMetadata: { properties: ['require_pkce', 'role'] },
    pkce: { required: (_ctx, client) => pkceRequired(client) },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx, client) => mayIntrospect(client),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== audience) throw new errors.InvalidTarget();
          return {
            scope: SCOPE_NAMES.join(' '),
            audience,
            accessTokenTTL: deps.accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    enabledJWA: { authorizationSigningAlgValues: [SIGNING_ALG] },
    ttl: lifetimes(deps.accessTokenTtl),
    expiresWithSession: () => false,
    issueRefreshToken: (_ctx, client) => issueRefreshToken(client),
    rotateRefreshToken: () => refresh.rotate(),
    extraTokenClaims: (_ctx, token) => ({ [GRANT_ID_CLAIM]: 'grantId' in token ? token.grantId : undefined }),
    clientBasedCORS: () => false,
    renderError: (ctx, out, error) => renderProviderError(ctx, out, error),
  };

  const provider = new Provider(deps.issuer, configuration);
  // Every URL the provider prints comes from PUBLIC_URL, and ctx.ip is fastify's request.ip:
  // forwarding.ts sets every X-Forwarded-* header the provider reads before it sees a request.
  provider.proxy = true;
  compareHashedClientSecrets(provider);

  const log = deps.logger.child({ component: 'oauth' });
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
    deps.bus.emit('grant-revoked', { grantId, userId: ctx.oidc.account?.accountId ?? null });
    log.info({ grantId, route: ctx.oidc.route }, 'grant revoked');
  });
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const grantId = ctx.oidc.entities.Grant?.jti;
    if (grantId)
      deps.grants.touch(grantId).catch((err: unknown) => log.warn({ err }, 'could not record grant use'));
  });
  provider.on('grant.error', (ctx: KoaContextWithOIDC, err: Error) => {
    log.info({ error: err.message, clientId: ctx.oidc.client?.clientId }, 'token request refused');
  });
  provider.on('server_error', (_ctx: KoaContextWithOIDC, err: Error) => {
    log.error({ err: { message: err.message, name: err.name } }, 'authorization server error');
  });
  return provider;
}
