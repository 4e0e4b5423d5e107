import type { Command } from 'commander';
import { loadConfig, SETTINGS, type Config } from '../../config.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the all-in-one server: web app, authorization server, resource API, POST /alexa')
    .option('--host <host>', 'listen address (HOST)')
    .option('--port <port>', 'listen port (PORT)')
    .option('--data-dir <dir>', 'SQLite data directory (DATA_DIR)')
    .option('--demo', 'create the demo account and its devices if missing')
    .addHelpText(
      'after',
      `\nEnvironment (flags win over the environment):\n${SETTINGS.map((s) => `  ${s.env.padEnd(18)} ${s.description} [default: ${s.default}]`).join('\n')}\n`,
    )
    .action(async (opts: { host?: string; port?: string; dataDir?: string; demo?: boolean }) => {
      const env = { ...process.env };
      if (opts.host) env.HOST = opts.host;
      if (opts.port) env.PORT = opts.port;
      if (opts.dataDir) env.DATA_DIR = opts.dataDir;
      const overrides: Partial<Config> = { demo: Boolean(opts.demo) };
      const config = loadConfig(env, overrides);
      const { serveMain } = await import('../../hosting/serve.ts');
      await serveMain(config);
    });
}
