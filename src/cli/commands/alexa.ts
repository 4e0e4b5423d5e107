// `mylights alexa ...`: the Alexa simulator. Links an account through the real OAuth flow, keeps
// and refreshes the tokens as Alexa does, sends directives to POST /alexa or a Lambda module, and
// checks every answer against Amazon's schema. The OAuth client, the transports and the schema
// validator are imported inside the actions (see main.ts).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  SimulatorError,
  statePath,
  readState,
  writeState,
  DEFAULT_STATE_FILE,
} from '../../sim/link-state.ts';
import { passwordFrom } from '../password-input.ts';
import type { Transport } from '../../sim/transport.ts';
import type { Simulator, Exchange } from '../../sim/simulator.ts';
import { exitCodeOf, formatExchange, unlinkWarning } from '../../sim/report.ts';
import {
  discover,
  reportState,
  setBrightness,
  setColor,
  turnOff,
  turnOn,
  withToken,
  type DirectiveEnvelope,
} from '../../sim/directives.ts';

export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:3987/callback';

interface TargetOptions {
  stateFile?: string;
  endpoint?: string;
  lambda?: string;
  schema?: string;
  requireSchema?: boolean;
  json?: boolean;
}

function targetOptions(cmd: Command): Command {
  return cmd
    .option(
      '--state-file <path>',
      `linked-account file (default ./${DEFAULT_STATE_FILE} or $MYLIGHTS_ALEXA_STATE)`,
    )
    .option('--endpoint <url>', 'the skill behind HTTP (default: <linked server>/alexa)')
    .option('--lambda <module>', 'a Lambda handler module to invoke in-process, e.g. dist/lambda.js')
    .option(
      '--schema <file>',
      "Amazon's alexa_smart_home_message_schema.json (default $ALEXA_SCHEMA_PATH, else downloaded once and cached; offline, answers go unchecked with a warning)",
    )
    .option(
      '--require-schema',
      "refuse to send when Amazon's schema is not at hand, instead of sending with a warning (for scripts that trust the exit status)",
    )
    .option('--json', 'print the directive, the answer and the schema verdict as JSON');
}

async function simulatorFor(opts: TargetOptions): Promise<Simulator> {
  const path = statePath(opts.stateFile);
  if (opts.endpoint && opts.lambda) throw new SimulatorError('give --endpoint or --lambda, not both');
  const { httpTransport, lambdaTransport } = await import('../../sim/transport.ts');
  const { compiledSchemaDir, projectSchemaDir, resolveSchemaPath } =
    await import('../../sim/schema-source.ts');
  const { AlexaSchemaValidator } = await import('../../alexa/schema-validator.ts');
  const { Simulator } = await import('../../sim/simulator.ts');
  let transport: Transport;
  if (opts.lambda) transport = await lambdaTransport(opts.lambda);
  else transport = httpTransport(opts.endpoint ?? `${readState(path).server.replace(/\/+$/, '')}/alexa`);
  const schema = await resolveSchemaPath(opts.schema);
  // Before anything is sent: a script that asked for a checked answer gets none rather than an
  // unchecked one with exit status 0.
  if (schema.path === null && opts.requireSchema)
    throw new SimulatorError(
      `Amazon's schema is not at hand (${schema.why}) and --require-schema was given; nothing was sent. Pass --schema <file> or set ALEXA_SCHEMA_PATH`,
    );
  if (schema.path === null)
    process.stderr.write(
      `mylights alexa: answers are NOT checked against Amazon's schema: ${schema.why}; pass --schema <file> or set ALEXA_SCHEMA_PATH\n`,
    );
  const validator = new AlexaSchemaValidator({
    amazonSchemaPath: schema.path,
    projectSchemaDir: projectSchemaDir(),
    cacheDir: compiledSchemaDir(),
  });
  return new Simulator({ statePath: path, transport, validator });
}

function show(x: Exchange, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ directive: x.directive, answer: x.answer, schema: x.schema, unlink: x.unlink ?? null, refreshed: x.refreshed, via: x.via }, null, 2)}\n`,
    );
    if (x.unlink) process.stderr.write(`${unlinkWarning(x.unlink)}\n`);
  } else {
    process.stdout.write(formatExchange(x));
  }
  process.exitCode = exitCodeOf(x);
}

/** Runs a simulator action, turning its expected failures into one clear line and exit status 1. */
function run<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (!(err instanceof SimulatorError)) throw err;
      process.stderr.write(`mylights alexa: ${err.message}\n`);
      process.exitCode = 1;
    }
  };
}

function num(value: string | undefined, what: string): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n))
    throw new SimulatorError(`${what} must be a number`);
  return n;
}

const SEND_ACTIONS = ['turn-on', 'turn-off', 'set-brightness', 'set-color', 'report-state'];

function directiveFor(
  action: string | undefined,
  args: string[],
  file: string | undefined,
): (token: string) => unknown {
  if (file) {
    if (action) throw new SimulatorError('give --file or an action, not both');
    const raw = JSON.parse(
      file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8'),
    ) as DirectiveEnvelope;
    if (!raw?.directive?.header) throw new SimulatorError(`${file} holds no {"directive": {...}} envelope`);
    return (token) => withToken(raw, token);
  }
  const endpoint = args[0];
  if (!action)
    throw new SimulatorError(`say what to send: ${SEND_ACTIONS.join(', ')}, or --file <directive.json>`);
  if (!endpoint) throw new SimulatorError(`${action} needs an endpoint id (see \`mylights alexa discover\`)`);
  switch (action) {
    case 'turn-on':
      return (token) => turnOn(endpoint, token);
    case 'turn-off':
      return (token) => turnOff(endpoint, token);
    case 'set-brightness': {
      const b = num(args[1], 'brightness (0..100)');
      return (token) => setBrightness(endpoint, token, b);
    }
    case 'set-color': {
      const color = {
        hue: num(args[1], 'hue (0..360)'),
        saturation: num(args[2], 'saturation (0..1)'),
        brightness: num(args[3], 'brightness (0..1)'),
      };
      return (token) => setColor(endpoint, token, color);
    }
    case 'report-state':
      return (token) => reportState(endpoint, token);
    default:
      throw new SimulatorError(`unknown action ${action}; one of ${SEND_ACTIONS.join(', ')}`);
  }
}

interface ClientFile {
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
}

export function registerAlexa(program: Command): void {
  const alexa = program
    .command('alexa')
    .description('the Alexa simulator: link an account as Alexa does, send directives, check the answers');

  alexa
    .command('link')
    .description(
      'link an account through the real OAuth flow (authorization code, state, PKCE S256) and store the tokens',
    )
    .requiredOption('--server <url>', 'the authorization server (the PUBLIC_URL of mylights serve)')
    .option('--client-id <id>', 'the client registered for Alexa (`mylights clients add`)')
    .option('--client-secret <secret>', 'its secret (or $MYLIGHTS_CLIENT_SECRET)')
    .option(
      '--client-file <path>',
      'read id, secret and redirect URI from `mylights clients add --json` output ("-" = stdin)',
    )
    .option('--client-auth <method>', 'basic (client_secret_basic) or post (client_secret_post)', 'basic')
    .option(
      '--redirect-uri <uri>',
      `registered redirect URI (default: the client file's first, else ${DEFAULT_REDIRECT_URI})`,
    )
    .option('--scope <scope>', 'scope to ask for', 'devices')
    .option('--email <email>', 'sign in without a browser by submitting the sign-in form')
    .option(
      '--password-stdin',
      'with --email: read the password from the first line of standard input (preferred)',
    )
    .option(
      '--password <password>',
      'with --email; an argument stays in your shell history and in process lists (or $MYLIGHTS_PASSWORD)',
    )
    .option('--state-file <path>', `where to store the tokens, mode 0600 (default ./${DEFAULT_STATE_FILE})`)
    .option('--json', 'print the result as JSON (never the tokens)')
    .action(
      run(
        async (opts: {
          server: string;
          clientId?: string;
          clientSecret?: string;
          clientFile?: string;
          clientAuth: string;
          redirectUri?: string;
          scope: string;
          email?: string;
          password?: string;
          passwordStdin?: boolean;
          stateFile?: string;
          json?: boolean;
        }) => {
          if (opts.passwordStdin && !opts.email)
            throw new SimulatorError('--password-stdin goes with --email');
          if (opts.passwordStdin && opts.clientFile === '-')
            throw new SimulatorError(
              '--password-stdin and --client-file - would both read standard input: give the client file by its path',
            );
          const file: ClientFile = opts.clientFile
            ? (JSON.parse(
                opts.clientFile === '-' ? readFileSync(0, 'utf8') : readFileSync(opts.clientFile, 'utf8'),
              ) as ClientFile)
            : {};
          const clientId = opts.clientId ?? file.clientId;
          const clientSecret = opts.clientSecret ?? process.env.MYLIGHTS_CLIENT_SECRET ?? file.clientSecret;
          if (!clientId || !clientSecret)
            throw new SimulatorError('need the client: --client-id and --client-secret, or --client-file');
          if (opts.clientAuth !== 'basic' && opts.clientAuth !== 'post')
            throw new SimulatorError('--client-auth must be basic or post');
          const password =
            opts.passwordStdin || opts.password !== undefined
              ? await passwordFrom(opts, 'Password')
              : process.env.MYLIGHTS_PASSWORD;
          if (opts.email && !password)
            throw new SimulatorError('--email needs --password-stdin, --password or $MYLIGHTS_PASSWORD');
          const redirectUri = opts.redirectUri ?? file.redirectUris?.[0] ?? DEFAULT_REDIRECT_URI;
          const path = statePath(opts.stateFile);
          const { linkAccount } = await import('../../sim/oauth.ts');
          const state = await linkAccount({
            server: opts.server.replace(/\/+$/, ''),
            clientId,
            clientSecret,
            clientAuth: opts.clientAuth,
            redirectUri,
            scope: opts.scope,
            ...(opts.email && password ? { signIn: { email: opts.email, password } } : {}),
            showUrl: (url) =>
              process.stderr.write(
                `Open this URL in a browser, sign in and allow (waiting on ${redirectUri}):\n\n  ${url}\n\n`,
              ),
          });
          writeState(path, state);
          const summary = {
            linked: true,
            server: state.server,
            clientId: state.clientId,
            scope: state.scope,
            stateFile: path,
            expiresAt: new Date(state.expiresAt).toISOString(),
            refreshToken: Boolean(state.refreshToken),
          };
          if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          else
            process.stdout.write(
              `linked: ${state.server} as client ${state.clientId}, scope "${state.scope}"\n` +
                `tokens stored in ${path} (mode 0600; keep it private)\n` +
                `access token valid until ${summary.expiresAt}${state.refreshToken ? '; a refresh token renews it' : ''}\n`,
            );
        },
      ),
    );

  alexa
    .command('refresh')
    .description('refresh the access token now with the refresh token (Alexa does this when it expires)')
    .option('--state-file <path>', `linked-account file (default ./${DEFAULT_STATE_FILE})`)
    .action(
      run(async (opts: { stateFile?: string }) => {
        const path = statePath(opts.stateFile);
        const { refreshTokens } = await import('../../sim/oauth.ts');
        const next = await refreshTokens(readState(path));
        writeState(path, next);
        process.stdout.write(
          `refreshed; access token valid until ${new Date(next.expiresAt).toISOString()}\n`,
        );
      }),
    );

  targetOptions(alexa.command('discover'))
    .description("send Alexa.Discovery Discover and list the linked account's endpoints")
    .action(
      run(async (opts: TargetOptions) => {
        const sim = await simulatorFor(opts);
        show(await sim.send((token) => discover(token)), opts.json);
      }),
    );

  targetOptions(alexa.command('send [action] [args...]'))
    .description(
      `send a directive: ${SEND_ACTIONS.map((a) => (a === 'set-brightness' ? `${a} <endpoint> <0-100>` : a === 'set-color' ? `${a} <endpoint> <hue> <sat> <bri>` : `${a} <endpoint>`)).join(' | ')}; or --file <directive.json>`,
    )
    .option(
      '--file <path>',
      'a directive envelope from a file ("-" = stdin); its token is replaced by the linked one',
    )
    .action(
      run(async (action: string | undefined, args: string[], opts: TargetOptions & { file?: string }) => {
        const build = directiveFor(action, args, opts.file);
        const sim = await simulatorFor(opts);
        show(await sim.send(build), opts.json);
      }),
    );
}
