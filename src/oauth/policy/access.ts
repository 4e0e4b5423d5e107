// Who may do what: scopes offered, PKCE, introspection. Client metadata comes from oauth_clients
// (see adapter.ts clientMetadata: require_pkce, role).

/** The scopes a client may ask for, with the words the consent page uses for each. */
export const SCOPES: Record<string, string> = {
  devices: 'see your devices and their state, and control them',
};
export const SCOPE_NAMES = Object.keys(SCOPES);

interface ClientFlags {
  metadata(): Record<string, unknown>;
}

/** PKCE (S256 only) is required for clients registered with --pkce. */
export function pkceRequired(client: ClientFlags): boolean {
  return client.metadata().require_pkce === true;
}

/** RFC 7662: only resource servers may introspect tokens. */
export function mayIntrospect(client: ClientFlags): boolean {
  return client.metadata().role === 'resource-server';
}

/** Describes requested scopes for the consent page; unknown ones never reach it (oidc-provider refuses them). */
export function describeScopes(scopes: string[]): string[] {
  return scopes.filter((s) => s in SCOPES).map((s) => SCOPES[s]!);
}
