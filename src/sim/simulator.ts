// The simulator's exchange: take the linked account's token (refreshed first when it has expired,
// as Alexa does), put it into a directive, send it, and judge the answer against Amazon's schema.
import type { AlexaSchemaValidator, SchemaResult } from '../alexa/schema-validator.ts';
import { readState, writeState, type LinkState } from './link-state.ts';
import { refreshTokens } from './oauth.ts';
import type { Transport } from './transport.ts';

/** Refresh this long before the access token's expiry, so a directive never carries a dying token. */
export const REFRESH_SKEW_MS = 30_000;

export const UNLINKING_TYPES = ['EXPIRED_AUTHORIZATION_CREDENTIAL', 'INVALID_AUTHORIZATION_CREDENTIAL'];

export interface Exchange {
  directive: unknown;
  answer: unknown;
  schema: SchemaResult;
  /** Set when the answer would make Alexa unlink the account. */
  unlink?: { type: string; message: string };
  /** True when the token was refreshed before this directive. */
  refreshed: boolean;
  via: string;
}

export interface SimulatorDeps {
  statePath: string;
  transport: Transport;
  validator: AlexaSchemaValidator;
  now?: () => number;
}

export function unlinkOf(answer: unknown): { type: string; message: string } | undefined {
  const event = (
    answer as { event?: { header?: { name?: string }; payload?: { type?: string; message?: string } } }
  )?.event;
  const type = event?.payload?.type;
  if (event?.header?.name === 'ErrorResponse' && typeof type === 'string' && UNLINKING_TYPES.includes(type))
    return { type, message: event.payload?.message ?? '' };
  return undefined;
}

export class Simulator {
  private readonly now: () => number;
  constructor(private readonly deps: SimulatorDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The linked account's current state, refreshing its tokens first when they expired. */
  async freshState(): Promise<{ state: LinkState; refreshed: boolean }> {
    const state = readState(this.deps.statePath);
    if (state.expiresAt - REFRESH_SKEW_MS > this.now()) return { state, refreshed: false };
    const next = await refreshTokens(state);
    writeState(this.deps.statePath, next);
    return { state: next, refreshed: true };
  }

  /** Sends the directive `build` makes with the current token. */
  async send(build: (token: string) => unknown): Promise<Exchange> {
    const { state, refreshed } = await this.freshState();
    const directive = build(state.accessToken);
    const answer = await this.deps.transport.send(directive);
    const unlink = unlinkOf(answer);
    return {
      directive,
      answer,
      schema: this.deps.validator.validate(answer),
      ...(unlink ? { unlink } : {}),
      refreshed,
      via: this.deps.transport.describe,
    };
  }
}
