import type { Command } from 'commander';
import { dataDirOption, overridesFrom, printJson, printTable, withAdminApp } from '../output.ts';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("the authorization server's token signing keys");

  dataDirOption(keys.command('list'))
    .description('list signing keys (never their private parts)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean; dataDir?: string }) => {
      const list = await withAdminApp(async (app) => app.oauth.keys.list(), overridesFrom(opts));
      const rows = list.map((k) => ({
        kid: k.kid,
        alg: k.alg,
        created: new Date(k.createdAt).toISOString(),
        retired: k.retiredAt ? new Date(k.retiredAt).toISOString() : '',
      }));
      if (opts.json) printJson(rows);
      else printTable(rows, 'no signing keys yet (the server creates one on first start)');
    });

  dataDirOption(keys.command('rotate'))
    .description(
      'create a new signing key and retire the current one; restart servers to sign with it (tokens signed by the old key stay valid until they expire)',
    )
    .action(async (opts: { dataDir?: string }) => {
      const key = await withAdminApp((app) => app.oauth.keys.rotate(), overridesFrom(opts));
      process.stdout.write(
        `new signing key ${key.kid}; restart every server so it signs with it (the old key still verifies)\n`,
      );
    });
}
