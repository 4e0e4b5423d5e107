// The Linked apps page's view of OAuth grants. The authorization server provides
// app.oauth.grants; until it is part of the app, the page says linking is not set up.
import type { App } from '../app.ts';

export interface LinkedGrant {
  grantId: string;
  clientId: string;
  clientName: string;
  createdAt: number | Date;
  lastUsedAt: number | Date | null;
}

export interface GrantsPort {
  listForUser(userId: string): Promise<LinkedGrant[]>;
  revoke(userId: string, grantId: string): Promise<unknown>;
}

export function grantsOf(app: App): GrantsPort | null {
  const oauth = (app as App & { oauth?: { grants?: GrantsPort } }).oauth;
  return oauth?.grants ?? null;
}

export const toMs = (v: number | Date | null | undefined): number | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.getTime() : Number(v);
