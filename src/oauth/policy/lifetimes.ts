// How long each artefact of the authorization server lives, in seconds.
// Refresh tokens and grants have no absolute expiry: Alexa keeps a link for years and a refresh
// token that dies after 14 days (oidc-provider's default) silently unlinks users. oidc-provider
// insists on a positive TTL, so "no expiry" is a century. A grant ends when it is revoked, its
// client removed or its account deleted.
export const NO_EXPIRY = 100 * 365 * 24 * 3600;

/** Codes are single-use and live at most a minute (RFC 9700 recommends short; Alexa redeems at once). */
export const AUTHORIZATION_CODE_TTL = 60;
/** Time a user has to sign in and consent. */
export const INTERACTION_TTL = 3600;
/** The browser session at the authorization server; refresh tokens never depend on it. */
export const SESSION_TTL = 14 * 24 * 3600;

export function lifetimes(accessTokenTtl: number) {
  return {
    AccessToken: accessTokenTtl,
    AuthorizationCode: AUTHORIZATION_CODE_TTL,
    Interaction: INTERACTION_TTL,
    Session: SESSION_TTL,
    Grant: NO_EXPIRY,
    RefreshToken: NO_EXPIRY,
  };
}
