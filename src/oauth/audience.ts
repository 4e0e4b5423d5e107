/** RFC 9068 audience of every access token: the resource API under the issuer (PUBLIC_URL). */
export function accessTokenAudience(issuer: string): string {
  return `${issuer}/api/v1`;
}
