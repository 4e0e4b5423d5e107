// What the simulator keeps after linking, as Alexa keeps it per user: the server, the client it
// plays, and the token pair. One JSON file, mode 0600, default in the working directory (ignored by
// git as .mylights-alexa*.json). It holds live credentials: treat it like a password file.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const DEFAULT_STATE_FILE = '.mylights-alexa.json';

export interface LinkState {
  /** The authorization server / issuer base URL. */
  server: string;
  clientId: string;
  clientSecret: string;
  /** client_secret_basic or client_secret_post, as configured in the Alexa console. */
  clientAuth: 'basic' | 'post';
  redirectUri: string;
  scope: string;
  accessToken: string;
  refreshToken?: string;
  tokenType: string;
  /** Epoch ms. */
  expiresAt: number;
  linkedAt: number;
  refreshedAt?: number;
}

export class SimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorError';
  }
}

export function statePath(option?: string): string {
  return resolve(option ?? process.env.MYLIGHTS_ALEXA_STATE ?? DEFAULT_STATE_FILE);
}

export function readState(path: string): LinkState {
  if (!existsSync(path))
    throw new SimulatorError(`no linked account in ${path}: run \`mylights alexa link\` first`);
  const state = JSON.parse(readFileSync(path, 'utf8')) as Partial<LinkState>;
  if (typeof state.accessToken !== 'string' || typeof state.server !== 'string')
    throw new SimulatorError(`${path} is not a link state file written by \`mylights alexa link\``);
  return state as LinkState;
}

/** Writes atomically with mode 0600 (never readable by other users, not even for an instant). */
export function writeState(path: string, state: LinkState): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
