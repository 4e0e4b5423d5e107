import type { Command } from 'commander';
import { dataDirOption, overridesFrom, printJson, printTable, UsageError, withAdminApp } from '../output.ts';
import { passwordFrom, passwordOptions, type PasswordOptions } from '../password-input.ts';

export function registerUsers(program: Command): void {
  const users = program.command('users').description('manage accounts (works while the server runs)');

  passwordOptions(
    dataDirOption(users.command('add <email>')).description('create an account'),
    'its password',
    `printf '%s\\n' "$PW" | mylights users add ada@example.com --password-stdin`,
  )
    .option('--json', 'print the account as JSON')
    .action(async (email: string, opts: PasswordOptions & { json?: boolean; dataDir?: string }) => {
      const password = await passwordFrom(opts, `Password for ${email}`);
      const user = await withAdminApp((app) => app.accounts.create(email, password), overridesFrom(opts));
      if (opts.json) printJson(user);
      else process.stdout.write(`created ${user.email} (${user.id})\n`);
    });

  dataDirOption(users.command('list'))
    .description('list accounts')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean; dataDir?: string }) => {
      const list = await withAdminApp((app) => app.accounts.list(), overridesFrom(opts));
      if (opts.json) printJson(list);
      else
        printTable(
          list.map((u) => ({
            email: u.email,
            status: u.status,
            id: u.id,
            created: new Date(u.createdAt).toISOString(),
          })),
          'no accounts',
        );
    });

  for (const [name, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    dataDirOption(users.command(`${name} <email>`))
      .description(
        name === 'disable'
          ? 'disable an account: its tokens stop working, Alexa will unlink'
          : 're-enable a disabled account',
      )
      .action(async (email: string, opts: { dataDir?: string }) => {
        const user = await withAdminApp((app) => app.accounts.setStatus(email, status), overridesFrom(opts));
        process.stdout.write(`${user.email} is now ${user.status}\n`);
      });
  }

  passwordOptions(
    dataDirOption(users.command('password <email>')).description(
      "set a new password for an account (a forgotten one): signs out the account's browsers, linked apps such as Alexa stay linked",
    ),
    'the new password',
    `printf '%s\\n' "$PW" | mylights users password ada@example.com --password-stdin`,
  ).action(async (email: string, opts: PasswordOptions & { dataDir?: string }) => {
    const password = await passwordFrom(opts, `New password for ${email}`);
    const user = await withAdminApp(async (app) => {
      const found = await app.accounts.requireByEmail(email);
      await app.accounts.changePassword(found.id, password);
      return found;
    }, overridesFrom(opts));
    process.stdout.write(`new password set for ${user.email}; its web sessions are signed out\n`);
  });

  dataDirOption(users.command('delete <email>'))
    .description('delete an account, its devices and every linked app (Alexa will unlink)')
    .option('--yes', 'confirm the deletion')
    .action(async (email: string, opts: { yes?: boolean; dataDir?: string }) => {
      if (!opts.yes) throw new UsageError(`deleting ${email} cannot be undone; add --yes to confirm`);
      await withAdminApp(async (app) => {
        const user = await app.accounts.requireByEmail(email);
        await app.accounts.delete(user.id);
      }, overridesFrom(opts));
      process.stdout.write(`deleted ${email}\n`);
    });
}
