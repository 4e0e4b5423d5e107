// What the rest of the app uses from the authorization server: clients, grants and signing keys.
import type { Store } from '../store/db.ts';
import type { Bus } from '../cloud/bus.ts';
import { OAuthClients } from './clients.ts';
import { OAuthGrants } from './grants.ts';

export interface OAuthServices {
  clients: OAuthClients;
  grants: OAuthGrants;
}

export function createOAuthServices(store: Store, bus: Bus): OAuthServices {
  return { clients: new OAuthClients(store, bus), grants: new OAuthGrants(store, bus) };
}
