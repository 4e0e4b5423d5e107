// The worker half of open-loop.ts (plain JavaScript: a worker thread does not get tsx's hooks).
// Requests leave on a fixed schedule over at most `connections` keep-alive sockets; each latency is
// counted from the moment its request was due.
import { parentPort, workerData } from 'node:worker_threads';
import http from 'node:http';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

/** Samples due in the first half second are dropped: the sockets are still being opened then. */
const WARM_UP_MS = 500;

function run({ url, body, rate, seconds, connections }) {
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

parentPort.postMessage(await run(workerData));
