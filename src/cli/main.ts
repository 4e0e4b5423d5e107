// The `mylights` command. Each sub-command lives in its own file under commands/. Everything here
// and there at module level stays light (commander, settings, error classes): a command imports
// the store, the servers or the simulator inside its action, so --help and small commands start fast.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.ts';
import { ConfigError } from '../config.ts';
import { AccountError } from '../cloud/account-errors.ts';
import { DeviceInputError } from '../cloud/device-errors.ts';
import { UsageError } from './output.ts';
import { ClientInputError } from '../oauth/redirect-uris.ts';
import { RedisUnavailableError } from '../cloud/bus.ts';

const program = new Command('mylights')
  .description(
    'mylights: an open device cloud and skill backend for Alexa smart home, video and meetings skills.',
  )
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (
    err instanceof ConfigError ||
    err instanceof AccountError ||
    err instanceof DeviceInputError ||
    err instanceof UsageError ||
    err instanceof ClientInputError ||
    err instanceof RedisUnavailableError
  ) {
    process.stderr.write(`mylights: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`mylights: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
