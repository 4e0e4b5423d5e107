// The skill in Lambda (invoked in-process) against a local all-in-one server with the gateway,
// the embedded broker and a virtual light: p50/p99 per directive. Beside it, from the same run,
// TurnOn through POST /alexa (also over MQTT) and the skill core in-process without MQTT (the
// baseline). Tokens are judged by a scripted verifier so the figures are the paths themselves,
// not the authorization server; the Lambda keeps its default verdict cache (VERDICT_CACHE_MS=5000).
import { performance } from 'node:perf_hooks';
import { createLambdaHandler } from '../src/hosting/lambda.ts';
import { startServer } from '../src/hosting/serve.ts';
import { createLogger } from '../src/log.ts';
import { reportState, turnOn, turnOff } from '../src/sim/directives.ts';
import { inProcessSkill } from '../src/skill/in-process.ts';
import { gatewayApp } from '../test/gateway/support.ts';
import { freshApp } from '../test/support/env.ts';
import { ScriptedVerifier } from '../test/support/scripted-verifier.ts';

const N = Number(process.env.BENCH_N ?? 300);
const WARMUP = 30;

async function measure(
  name: string,
  fn: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  const r = { p50: q(0.5), p99: q(0.99) };
  console.log(
    `${name.padEnd(52)} p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   (n=${N})`,
  );
  return r;
}

const verifier = new ScriptedVerifier();
// Directive rate limits off: the load is one user hammering one endpoint far past any human rate.
const noRateLimits = { DIRECTIVE_RATE_PER_ENDPOINT: '0', DIRECTIVE_RATE_PER_USER: '0' };
const g = await gatewayApp('embedded', { env: noRateLimits });
g.app.verifier = verifier;
const server = await startServer(g.app.config, g.app);
const light = await g.addDevice('light', 'Bench Light');
const token = verifier.valid(g.userId);
const lambda = createLambdaHandler({
  apiUrl: server.url,
  logger: createLogger('silent'),
  verdictCacheMs: 5000,
});

const base = await freshApp('sqlite', { env: noRateLimits });
base.app.verifier = verifier;
const baseUser = (await base.app.accounts.create('bench@example.com', 'bench-password')).id;
const baseLight = (await base.app.devices.add(baseUser, 'light', 'Baseline Light')).id;
const baseToken = verifier.valid(baseUser);
const coreSkill = inProcessSkill(base.app);

const toggle = (id: string, t: string) => (i: number) => (i % 2 ? turnOn(id, t) : turnOff(id, t));

try {
  const core = await measure('skill core in-process, TurnOn, no MQTT (baseline)', (i) =>
    coreSkill.handle(toggle(baseLight, baseToken)(i)),
  );
  const alexa = await measure('POST /alexa, TurnOn, MQTT to virtual light', (i) =>
    fetch(`${server.url}/alexa`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(toggle(light.id, token)(i)),
    }).then((r) => r.json()),
  );
  const lturn = await measure('Lambda → resource API, TurnOn, MQTT', (i) =>
    lambda(toggle(light.id, token)(i)),
  );
  const lstate = await measure('Lambda → resource API, ReportState', () =>
    lambda(reportState(light.id, token)),
  );
  console.log(
    `ratios vs baseline p50: POST /alexa+MQTT ×${(alexa.p50 / core.p50).toFixed(1)}, Lambda TurnOn ×${(lturn.p50 / core.p50).toFixed(1)}, Lambda ReportState ×${(lstate.p50 / core.p50).toFixed(1)}`,
  );
} finally {
  lambda.close();
  coreSkill.close();
  await server.http.close();
  await g.cleanup();
  await base.cleanup();
}
