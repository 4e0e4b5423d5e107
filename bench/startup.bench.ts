// Start-up cost of the `mylights` command (no assertions; figures go to docs/lambda-and-simulator.md).
// Each row runs `node bin/mylights.js ...` BENCH_RUNS times (default 5) and prints the median wall
// time and the median CPU time (user + system) the process reports at exit. Baseline, in the same
// run: tsx loading an empty module, the floor every CLI call pays.
//   - --help of the program and of a few sub-commands;
//   - `users list` on a fresh SQLite data directory (opens the store);
//   - `alexa send` to a stub Lambda module, its answer checked against Amazon's schema, with the
//     compiled-schema cache cold (a fresh XDG_CACHE_HOME per run) and warm.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'mylights.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCHEMA =
  process.env.ALEXA_SCHEMA_PATH ??
  resolve(ROOT, '..', 'shared', 'alexa', 'alexa_smart_home_message_schema.json');

const dir = mkdtempSync(join(tmpdir(), 'mylights-startup-'));
const cpuFile = join(dir, 'cpu.json');
// Loaded with --import into every measured process: reports its own CPU time when it exits.
const probe = join(dir, 'cpu-probe.mjs');
writeFileSync(
  probe,
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => { const u = process.cpuUsage(); writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify((u.user + u.system) / 1000)); });
`,
);
// The baseline does what bin/mylights.js does (register tsx, import a TypeScript module), with an
// empty module.
const empty = join(dir, 'empty.ts');
writeFileSync(empty, 'export const nothing: null = null;\n');
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
const baselineArgs = [
  '--input-type=module',
  '-e',
  `import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(pathToFileURL(empty).href)});`,
];

// A Lambda module answering every directive with a valid ErrorResponse, and a link state file
// whose token never expires: `alexa send` then runs without a server.
const lambda = join(dir, 'stub-lambda.mjs');
writeFileSync(
  lambda,
  `export async function handler(event) {
  const h = event.directive.header;
  return { event: { header: { namespace: 'Alexa', name: 'ErrorResponse', messageId: 'bench-1', correlationToken: h.correlationToken, payloadVersion: '3' },
    endpoint: { endpointId: event.directive.endpoint.endpointId }, payload: { type: 'ENDPOINT_UNREACHABLE', message: 'stub' } } };
}
`,
);
const stateFile = join(dir, 'state.json');
writeFileSync(
  stateFile,
  JSON.stringify({
    server: 'http://127.0.0.1:9',
    clientId: 'bench',
    clientSecret: 'bench',
    clientAuth: 'basic',
    redirectUri: 'http://127.0.0.1:3987/callback',
    scope: 'devices',
    accessToken: 'bench-token',
    tokenType: 'Bearer',
    expiresAt: Date.now() + 86_400_000,
    linkedAt: Date.now(),
  }),
);

interface Row {
  name: string;
  wall: number;
  cpu: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(
  name: string,
  args: string[],
  opts: { env?: () => Record<string, string>; entry?: string[]; check?: (out: string) => boolean } = {},
): Row {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(cpuFile, { force: true });
    const started = performance.now();
    const res = spawnSync(process.execPath, ['--import', probe, ...(opts.entry ?? [BIN]), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...opts.env?.() },
      encoding: 'utf8',
    });
    walls.push(performance.now() - started);
    if (res.status !== 0) throw new Error(`${name}: exit ${res.status}\n${res.stdout}\n${res.stderr}`);
    if (opts.check && !opts.check(res.stdout))
      throw new Error(`${name}: unexpected output\n${res.stdout}\n${res.stderr}`);
    if (!existsSync(cpuFile)) throw new Error(`${name}: no CPU figure (exit ${res.status}): ${res.stderr}`);
    cpus.push(Number(readFileSync(cpuFile, 'utf8')));
  }
  return { name, wall: median(walls), cpu: median(cpus) };
}

try {
  const dataDir = join(dir, 'data');
  const warmCache = join(dir, 'cache-warm');
  let cold = 0;
  const send = ['alexa', 'send', 'turn-on', 'light-1', '--lambda', lambda, '--state-file', stateFile];
  const schemaOk = (out: string) => (JSON.parse(out) as { schema: { ok: boolean } }).schema.ok;
  const rows = [
    measure('baseline: tsx loading an empty module', [], { entry: baselineArgs }),
    measure('mylights --help', ['--help'], { check: (out) => out.includes('alexa') }),
    measure('mylights serve --help', ['serve', '--help'], { check: (out) => out.includes('PUBLIC_URL') }),
    measure('mylights users add --help', ['users', 'add', '--help']),
    measure('mylights alexa send --help', ['alexa', 'send', '--help']),
    measure('mylights users list (fresh SQLite)', ['users', 'list', '--json'], {
      env: () => ({ DATA_DIR: dataDir }),
    }),
  ];
  if (existsSync(SCHEMA)) {
    rows.push(
      measure(
        'mylights alexa send (Lambda stub), schema cache cold',
        [...send, '--schema', SCHEMA, '--json'],
        {
          env: () => ({ XDG_CACHE_HOME: join(dir, `cache-cold-${cold++}`) }),
          check: schemaOk,
        },
      ),
    );
    // One untimed run fills the warm cache.
    measure('warm-up', [...send, '--schema', SCHEMA, '--json'], {
      env: () => ({ XDG_CACHE_HOME: warmCache }),
    });
    rows.push(
      measure(
        'mylights alexa send (Lambda stub), schema cache warm',
        [...send, '--schema', SCHEMA, '--json'],
        {
          env: () => ({ XDG_CACHE_HOME: warmCache }),
          check: schemaOk,
        },
      ),
    );
  } else {
    process.stdout.write(`(no Amazon schema at ${SCHEMA}: the alexa send rows are left out)\n`);
  }
  const base = rows[0]!;
  process.stdout.write(
    [
      `| command (median of ${RUNS}) | wall ms | CPU ms | CPU ratio to baseline |`,
      '|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.wall.toFixed(0)} | ${r.cpu.toFixed(0)} | ${(r.cpu / base.cpu).toFixed(1)} |`,
      ),
    ].join('\n') + '\n',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
