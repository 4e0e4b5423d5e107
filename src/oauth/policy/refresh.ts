// Refresh-token policy. Alexa is a confidential client (it authenticates with its secret), so by
// default refresh tokens are not rotated: concurrent or retried refreshes with the same token all
// succeed, and Alexa can never lose a link by missing a rotated token (RFC 9700 §4.14.2 requires
// rotation only for public clients). With REFRESH_TOKEN_ROTATION=on a new token is issued each time;
// the old one keeps working for a grace window, and reuse after it revokes the whole grant.

export interface RefreshPolicy {
  /** oidc-provider's rotateRefreshToken. */
  rotate(): boolean;
  /** How long a rotated token still works, in ms (0 when rotation is off). */
  reuseGraceMs: number;
}

export function refreshPolicy(opts: { rotation: boolean; reuseGraceSeconds: number }): RefreshPolicy {
  return {
    rotate: () => opts.rotation,
    reuseGraceMs: opts.rotation ? opts.reuseGraceSeconds * 1000 : 0,
  };
}

/** Every client allowed the refresh_token grant gets one, without asking for offline_access. */
export function issueRefreshToken(client: { grantTypeAllowed(type: string): boolean }): boolean {
  return client.grantTypeAllowed('refresh_token');
}
