// Where `users add` and `users password` get the new password: --password-stdin or --password.
// An argument stays in shell history and any local user reads it in `ps` or /proc/<pid>/cmdline
// while the command runs; standard input is seen by nobody but the command. --password stays for the
// scripts that use it. Kept light (no store, no Argon2): it is loaded for every `--help`.
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { UsageError } from './output.ts';

export interface PasswordOptions {
  password?: string;
  passwordStdin?: boolean;
}

/**
 * Longer than any password the accounts accept (1024 characters of up to 4 bytes each) plus a CRLF,
 * so a too-long line still reaches the accounts' own message; beyond it we stop reading: whatever
 * was piped in (a file, a stream) is not a password.
 */
export const MAX_LINE_BYTES = 4 * 1024 + 2;

/** Adds both options and a help section saying which to prefer and why. */
export function passwordOptions(cmd: Command, what: string, example: string): Command {
  return cmd
    .option('--password-stdin', `read ${what} from the first line of standard input (preferred)`)
    .option(
      '--password <password>',
      `${what} as an argument: it stays in your shell history and every local user can read it in ps or /proc while the command runs`,
    )
    .addHelpText(
      'after',
      `
Give the password (at least 8 characters) with exactly one of --password-stdin
and --password. Prefer --password-stdin: what a command reads from standard input
stays out of your shell history and out of process lists (ps, /proc/<pid>/cmdline).
The first line is the password, without its line ending (LF or CRLF). For example:
  ${example}`,
    );
}

/**
 * The password the options name. Call it before opening the store: a usage mistake costs nothing
 * and leaves no trace. Never prints or logs the password (a terminal shows what is typed, though).
 */
export async function passwordFrom(
  opts: PasswordOptions,
  prompt: string,
  stdin: () => Readable & { isTTY?: boolean } = () => process.stdin,
): Promise<string> {
  if (opts.password !== undefined && opts.passwordStdin) {
    throw new UsageError('give the password with either --password-stdin or --password, not both');
  }
  if (opts.password !== undefined) return opts.password;
  if (!opts.passwordStdin) {
    throw new UsageError(
      'a password is required: pipe it in with --password-stdin (preferred) or pass --password <password>',
    );
  }
  const input = stdin();
  // Someone typing: say what is awaited (stderr, so stdout and --json stay clean). Echo stays on.
  if (input.isTTY) process.stderr.write(`${prompt} (typed text is shown), then Enter: `);
  const line = await readFirstLine(input);
  if (line === undefined) {
    throw new UsageError('--password-stdin: standard input is empty; pipe the password in (see --help)');
  }
  if (line === '') {
    // `echo "$UNSET" | ...` sends just a newline: say so rather than "at least 8 characters".
    throw new UsageError('--password-stdin: the first line of standard input is empty');
  }
  return line;
}

/**
 * The first line of `input` without its LF or CRLF, or undefined when the input ends before any
 * byte. Stops at the first newline without waiting for the end (a terminal never ends), then
 * destroys the stream so that nothing more is read and the process can exit.
 */
export function readFirstLine(input: Readable): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (settle: () => void) => {
      input.off('data', onData).off('end', onEnd).off('error', onError);
      input.destroy();
      settle();
    };
    const lineOf = (bytes: Buffer) => {
      const text = bytes.toString('utf8');
      return text.endsWith('\r') ? text.slice(0, -1) : text;
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const newline = bytes.indexOf(0x0a);
      if (newline !== -1) {
        chunks.push(bytes.subarray(0, newline));
        const line = Buffer.concat(chunks);
        done(() => resolve(lineOf(line)));
        return;
      }
      chunks.push(bytes);
      size += bytes.length;
      if (size > MAX_LINE_BYTES) {
        done(() =>
          reject(
            new UsageError('--password-stdin: the first line of standard input is too long for a password'),
          ),
        );
      }
    };
    const onEnd = () => done(() => resolve(size === 0 ? undefined : lineOf(Buffer.concat(chunks))));
    const onError = (err: Error) =>
      done(() => reject(new UsageError(`--password-stdin: cannot read standard input: ${err.message}`)));
    input.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
