// An open-loop load generator for latency below saturation: requests leave on a fixed schedule
// whatever the server does, over at most `connections` keep-alive sockets, and each latency is
// counted from the moment its request was due (so a stalled server cannot hide its stall by slowing
// the sender: no coordinated omission). autocannon's own fixed-rate mode sends each second's budget
// in a burst and pads its histogram, which measures a queue rather than the route.
// Runs in a worker thread (open-loop-worker.mjs) so that the sender does not share the servers'
// event loop.
import { Worker } from 'node:worker_threads';

export interface OpenLoopOptions {
  url: string;
  body: string;
  /** Requests per second. */
  rate: number;
  seconds: number;
  connections: number;
}

export interface OpenLoopFigures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Runs one open-loop load in a worker thread and returns its figures (ms, rounded to 0.1). */
export function openLoop(options: OpenLoopOptions): Promise<OpenLoopFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./open-loop-worker.mjs', import.meta.url), { workerData: options });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
