import type { Command } from 'commander';
import { dataDirOption, overridesFrom, printJson, printTable, UsageError, withAdminApp } from '../output.ts';

export function registerDevices(program: Command): void {
  const devices = program
    .command('devices')
    .description("manage an account's devices (works while the server runs)");

  dataDirOption(devices.command('add'))
    .description('give an account a device')
    .requiredOption('--user <email>', 'the account')
    .requiredOption('--type <type>', 'light, tv or meeting-room')
    .requiredOption('--name <name>', 'the name Alexa will use')
    .option('--json', 'print the device as JSON')
    .action(async (opts: { user: string; type: string; name: string; json?: boolean; dataDir?: string }) => {
      const device = await withAdminApp(async (app) => {
        const user = await app.accounts.requireByEmail(opts.user);
        return app.devices.add(user.id, opts.type, opts.name);
      }, overridesFrom(opts));
      if (opts.json) printJson(device);
      else process.stdout.write(`added ${device.type} "${device.name}" as ${device.id}\n`);
    });

  dataDirOption(devices.command('list'))
    .description("list an account's devices")
    .requiredOption('--user <email>', 'the account')
    .option('--json', 'print JSON')
    .action(async (opts: { user: string; json?: boolean; dataDir?: string }) => {
      const list = await withAdminApp(async (app) => {
        const user = await app.accounts.requireByEmail(opts.user);
        return app.devices.list(user.id);
      }, overridesFrom(opts));
      if (opts.json) printJson(list);
      else
        printTable(
          list.map((d) => ({
            id: d.id,
            type: d.type,
            name: d.name,
            online: d.online,
            state: JSON.stringify(d.state),
          })),
          'no devices',
        );
    });

  dataDirOption(devices.command('remove <id>'))
    .description('remove a device')
    .requiredOption('--user <email>', 'the account that owns it')
    .action(async (id: string, opts: { user: string; dataDir?: string }) => {
      const removed = await withAdminApp(async (app) => {
        const user = await app.accounts.requireByEmail(opts.user);
        return app.devices.remove(user.id, id);
      }, overridesFrom(opts));
      if (!removed) throw new UsageError(`${opts.user} has no device ${id}`);
      process.stdout.write(`removed ${id}\n`);
    });
}
