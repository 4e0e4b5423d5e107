// The worker half of load-generator.ts (plain JavaScript: a worker thread does not get tsx's hooks).
// One worker serves every load of a bench run, so no load starts with a cold thread: a new worker
// per load spent its first second or two compiling while the server shared its two cores, and that
// transient landed in every short run's p99, the bare route's and the skill's alike.
//   closed: autocannon in this thread (50 connections kept busy, as fast as answers come);
//   open: requests on a fixed schedule over at most `connections` keep-alive sockets, each latency
//   counted from the moment its request was due (no coordinated omission).
import { parentPort } from 'node:worker_threads';
import autocannon from 'autocannon';
import http from 'node:http';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

/** Samples due in the first half second are dropped: the sockets are still being opened then. */
const WARM_UP_MS = 500;

function openLoop({ url, body, rate, seconds, connections }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const payload = Buffer.from(body);
  const total = Math.round(rate * seconds);
  const latencies = [];
  let errors = 0;
  let settled = 0;
  let sent = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const settle = (dueAt, ok) => {
      if (!ok) errors++;
      else if (dueAt - start >= WARM_UP_MS) latencies.push(performance.now() - dueAt);
      if (++settled < total) return;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const at = (q) => Math.round(10 * (latencies[Math.floor(q * (latencies.length - 1))] ?? NaN)) / 10;
      resolve({ rps: total / ((performance.now() - start) / 1000), p50: at(0.5), p99: at(0.99), errors });
    };
    const fire = (dueAt) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': payload.length },
        },
        (res) => {
          res.resume();
          res.once('end', () => settle(dueAt, res.statusCode === 200));
        },
      );
      req.once('error', () => settle(dueAt, false));
      req.end(payload);
    };
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; sent < due; sent++) fire(start + (sent / rate) * 1000);
      if (sent >= total) clearInterval(timer);
    }, 1);
  });
}

async function closedLoop({ url, body, connections, seconds }) {
  const opts = {
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    connections,
    duration: seconds,
  };
  // Off the main thread autocannon returns its raw histograms (it expects to be its own worker).
  const raw = await autocannon(opts);
  const r = autocannon.aggregateResult([raw], opts);
  return {
    // Answers per second over the run (its per-second samples stay inside the raw histograms).
    rps: raw.totalCompletedRequests / raw.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx + r.timeouts,
  };
}

parentPort.on('message', async (load) => {
  try {
    parentPort.postMessage({ figures: await (load.kind === 'open' ? openLoop(load) : closedLoop(load)) });
  } catch (err) {
    parentPort.postMessage({ error: String(err?.stack ?? err) });
  }
});
