// The bench's load generator: one worker thread (load-worker.mjs) that lives for the whole run, so
// that the load never shares the servers' event loop and never starts from a cold thread.
// - closed loop: autocannon, `connections` kept busy for `seconds` (throughput, and latency at
//   saturation, which is mostly the queue that 50 busy connections build);
// - open loop: requests leave on a fixed schedule whatever the server does, and each latency is
//   counted from the moment its request was due, so a stalled server cannot hide its stall by
//   slowing the sender. autocannon's own fixed-rate mode sends each second's budget in a burst and
//   pads its histogram, which measures a queue rather than the route.
import { Worker } from 'node:worker_threads';

export interface LoadFigures {
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  errors: number;
}

export interface ClosedLoad {
  kind: 'closed';
  url: string;
  body: string;
  connections: number;
  seconds: number;
}

export interface OpenLoad {
  kind: 'open';
  url: string;
  body: string;
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** At most this many sockets. */
  connections: number;
}

type Reply = { figures: LoadFigures } | { error: string };

export class LoadGenerator {
  private readonly worker = new Worker(new URL('./load-worker.mjs', import.meta.url));
  private queue: Promise<unknown> = Promise.resolve();

  /** Runs one load after the ones asked for before it; loads never overlap. */
  run(load: ClosedLoad | OpenLoad): Promise<LoadFigures> {
    const next = this.queue.then(
      () =>
        new Promise<LoadFigures>((resolve, reject) => {
          const onError = (err: Error) => reject(err);
          this.worker.once('error', onError);
          this.worker.once('message', (reply: Reply) => {
            this.worker.off('error', onError);
            if ('error' in reply) reject(new Error(reply.error));
            else resolve(reply.figures);
          });
          this.worker.postMessage(load);
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
