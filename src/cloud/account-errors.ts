// The accounts' input errors, apart from accounts.ts so that the CLI and the web app can recognise
// them without loading Argon2 and the store.

export type AccountErrorCode = 'invalid_email' | 'weak_password' | 'email_taken' | 'not_found';

export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}
