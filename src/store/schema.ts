// Table shapes as the query builder sees them. One copy of every query serves SQLite and PostgreSQL,
// so types are kept to what both store the same way: text, integers (booleans as 0/1, times as epoch
// milliseconds) and JSON as text.

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  /** 'active' | 'disabled' */
  status: string;
  created_at: number;
  updated_at: number;
}

export interface OAuthClientsTable {
  id: string;
  name: string;
  /** sha256 of the client secret, base64url; the secret itself is shown once and never stored. */
  secret_hash: string;
  /** JSON array of exact redirect URIs. */
  redirect_uris: string;
  /** 1 when every authorization request from this client must carry an S256 code_challenge. */
  require_pkce: number;
  /** 'client' (an app such as Alexa) or 'resource-server' (may introspect). */
  role: string;
  created_at: number;
}

/** Every oidc-provider model (codes, tokens, grants, sessions, interactions) in one table, keyed by hash. */
export interface OAuthModelsTable {
  model: string;
  id_hash: string;
  grant_id: string | null;
  uid: string | null;
  account_id: string | null;
  client_id: string | null;
  payload: string;
  expires_at: number | null;
  consumed_at: number | null;
  /** Last time the token was used (refresh tokens), for "Linked apps". */
  used_at: number | null;
  created_at: number;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  /** Private JWK as JSON. */
  private_jwk: string;
  created_at: number;
  /** Set when the key stops signing; it still verifies until every token it signed has expired. */
  retired_at: number | null;
}

export interface DevicesTable {
  id: string;
  user_id: string;
  /** 'light' | 'tv' | 'meeting-room' */
  type: string;
  name: string;
  /** JSON object of the device's last known state. */
  state: string;
  /** 1 when the device is connected to the gateway. */
  online: number;
  created_at: number;
  updated_at: number;
}

export interface Database {
  users: UsersTable;
  oauth_clients: OAuthClientsTable;
  oauth_models: OAuthModelsTable;
  signing_keys: SigningKeysTable;
  devices: DevicesTable;
}
