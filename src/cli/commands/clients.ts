import type { Command } from 'commander';
import { dataDirOption, overridesFrom, printJson, printTable, UsageError, withAdminApp } from '../output.ts';
import type { ClientRole } from '../../oauth/clients.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerClients(program: Command): void {
  const clients = program
    .command('clients')
    .description('manage OAuth clients such as your Alexa skill (works while the server runs)');

  dataDirOption(clients.command('add'))
    .description('register a client and print its id and secret (the secret is shown only once)')
    .requiredOption('--name <name>', 'name shown to users on the consent page, e.g. "Alexa"')
    .option(
      '--redirect-uri <uri>',
      "an exact redirect URI (repeat for each of Alexa's three); https only, http only for 127.0.0.1/localhost",
      collect,
      [] as string[],
    )
    .option(
      '--pkce',
      'require PKCE (S256) on every authorization request; enable PKCE in the Alexa console too',
    )
    .option('--role <role>', `client (an app such as Alexa) or resource-server (may introspect)`, 'client')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        name: string;
        redirectUri: string[];
        pkce?: boolean;
        role: string;
        json?: boolean;
        dataDir?: string;
      }) => {
        const { CLIENT_ROLES } = await import('../../oauth/clients.ts');
        if (!CLIENT_ROLES.includes(opts.role as ClientRole))
          throw new UsageError(`--role must be one of ${CLIENT_ROLES.join(', ')}`);
        const client = await withAdminApp(
          (app) =>
            app.oauth.clients.add({
              name: opts.name,
              redirectUris: opts.redirectUri,
              requirePkce: Boolean(opts.pkce),
              role: opts.role as ClientRole,
            }),
          overridesFrom(opts),
        );
        if (opts.json) printJson(client);
        else
          process.stdout.write(
            [
              `registered ${client.name}`,
              `client id:     ${client.clientId}`,
              `client secret: ${client.clientSecret}`,
              'The secret is stored only as a hash: copy it now, it cannot be shown again.',
              '',
            ].join('\n'),
          );
      },
    );

  dataDirOption(clients.command('list'))
    .description('list registered clients (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean; dataDir?: string }) => {
      const list = await withAdminApp((app) => app.oauth.clients.list(), overridesFrom(opts));
      if (opts.json) printJson(list);
      else
        printTable(
          list.map((c) => ({
            name: c.name,
            id: c.clientId,
            role: c.role,
            pkce: c.requirePkce,
            redirect_uris: c.redirectUris.join(' '),
          })),
          'no clients',
        );
    });

  dataDirOption(clients.command('remove <clientId>'))
    .description('remove a client and every grant and token issued to it (Alexa users will have to re-link)')
    .action(async (clientId: string, opts: { dataDir?: string }) => {
      const removed = await withAdminApp((app) => app.oauth.clients.remove(clientId), overridesFrom(opts));
      if (!removed) throw new UsageError(`no client with id ${clientId}`);
      process.stdout.write(`removed client ${clientId}\n`);
    });
}
