// Accounts: sign up, sign in, disable, delete. Passwords are hashed with Argon2id; deleting an account
// removes its devices and every OAuth artefact (grants, tokens, sessions) in one transaction.
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { param, type PreparedQuery, type Store } from '../store/db.ts';
import type { UsersTable } from '../store/schema.ts';
import type { Bus } from './bus.ts';
import { AccountError } from './account-errors.ts';

export interface User {
  id: string;
  email: string;
  status: 'active' | 'disabled';
  createdAt: number;
}

export { AccountError, type AccountErrorCode } from './account-errors.ts';

// OWASP's Argon2id floor (m=19 MiB, t=2, p=1).
// algorithm 2 = Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const ARGON2 = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };
export const MIN_PASSWORD_LENGTH = 8;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class Accounts {
  /** Verifying against this when the email is unknown keeps sign-in time independent of whether the account exists. */
  private dummyHash: Promise<string> | undefined;

  /** Every token request loads its account: prepared once. */
  private readonly findByIdQuery: PreparedQuery<UsersTable>;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
  ) {
    this.findByIdQuery = store.prepare(
      store.db.selectFrom('users').selectAll().where('id', '=', param('id')),
    );
  }

  async create(emailInput: string, password: string): Promise<User> {
    const email = normalizeEmail(emailInput);
    if (!EMAIL.test(email) || email.length > 254) {
      throw new AccountError('invalid_email', `"${emailInput}" is not an email address`);
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new AccountError(
        'weak_password',
        `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      );
    }
    if (password.length > 1024)
      throw new AccountError('weak_password', 'the password is longer than 1024 characters');
    if (await this.findByEmail(email))
      throw new AccountError('email_taken', `an account for ${email} already exists`);
    const passwordHash = await hash(password, ARGON2);
    const now = Date.now();
    const id = randomUUID();
    try {
      await this.store.db
        .insertInto('users')
        .values({
          id,
          email,
          password_hash: passwordHash,
          status: 'active',
          created_at: now,
          updated_at: now,
        })
        .execute();
    } catch (err) {
      // Two sign-ups racing for one address: the unique index decides.
      if (await this.findByEmail(email))
        throw new AccountError('email_taken', `an account for ${email} already exists`);
      throw err;
    }
    return { id, email, status: 'active', createdAt: now };
  }

  /** Returns the user when the password matches an active account, otherwise null. */
  async authenticate(emailInput: string, password: string): Promise<User | null> {
    const row = await this.store.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normalizeEmail(emailInput))
      .executeTakeFirst();
    if (!row) {
      this.dummyHash ??= hash('not-a-real-password', ARGON2);
      await verify(await this.dummyHash, password).catch(() => false);
      return null;
    }
    const ok = await verify(row.password_hash, password).catch(() => false);
    if (!ok || row.status !== 'active') return null;
    return toUser(row);
  }

  async findById(id: string): Promise<User | null> {
    const [row] = (await this.findByIdQuery({ id })).rows;
    return row ? toUser(row) : null;
  }

  async findByEmail(emailInput: string): Promise<User | null> {
    const row = await this.store.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normalizeEmail(emailInput))
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async list(): Promise<User[]> {
    const rows = await this.store.db.selectFrom('users').selectAll().orderBy('created_at').execute();
    return rows.map(toUser);
  }

  async setStatus(emailInput: string, status: 'active' | 'disabled'): Promise<User> {
    const user = await this.requireByEmail(emailInput);
    await this.store.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ status, updated_at: Date.now() })
        .where('id', '=', user.id)
        .execute();
      // Web sessions end here, not only through the bus: the CLI disables from another process whose
      // event may reach no server, and a session left in the store would live again on enabling.
      if (status === 'disabled') {
        await trx
          .withTables<{ web_sessions: { user_id: string } }>()
          .deleteFrom('web_sessions')
          .where('user_id', '=', user.id)
          .execute();
      }
    });
    this.bus.emit('account-changed', {
      userId: user.id,
      change: status === 'active' ? 'enabled' : 'disabled',
    });
    return { ...user, status };
  }

  async changePassword(userId: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new AccountError(
        'weak_password',
        `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      );
    }
    if (password.length > 1024)
      throw new AccountError('weak_password', 'the password is longer than 1024 characters');
    const passwordHash = await hash(password, ARGON2);
    await this.store.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: Date.now() })
        .where('id', '=', userId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw new AccountError('not_found', 'no such account');
      // A new password signs out every browser that knew the old one. Linked apps (Alexa) keep their
      // grants: to cut those off, disable the account or unlink them in the web app.
      await trx
        .withTables<{ web_sessions: { user_id: string } }>()
        .deleteFrom('web_sessions')
        .where('user_id', '=', userId)
        .execute();
    });
  }

  /** Deletes the account, its devices and every grant, token and session of it, atomically. */
  async delete(userId: string): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('oauth_models').where('account_id', '=', userId).execute();
      await trx.deleteFrom('devices').where('user_id', '=', userId).execute();
      await trx.deleteFrom('users').where('id', '=', userId).execute();
    });
    this.bus.emit('account-changed', { userId, change: 'deleted' });
  }

  async requireByEmail(emailInput: string): Promise<User> {
    const user = await this.findByEmail(emailInput);
    if (!user) throw new AccountError('not_found', `no account for ${normalizeEmail(emailInput)}`);
    return user;
  }
}

function toUser(row: { id: string; email: string; status: string; created_at: number }): User {
  return {
    id: row.id,
    email: row.email,
    status: row.status === 'disabled' ? 'disabled' : 'active',
    createdAt: Number(row.created_at),
  };
}
