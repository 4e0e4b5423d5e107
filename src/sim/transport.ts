// Where the simulator sends directives: the skill behind POST /alexa, or a Lambda handler module
// invoked in-process with a context like Lambda's (8 s, Alexa's budget).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SimulatorError } from './link-state.ts';

export interface Transport {
  describe: string;
  send(envelope: unknown): Promise<unknown>;
}

export const ALEXA_TIMEOUT_MS = 8000;

export function httpTransport(endpoint: string): Transport {
  return {
    describe: `POST ${endpoint}`,
    async send(envelope) {
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
          signal: AbortSignal.timeout(ALEXA_TIMEOUT_MS),
        });
      } catch (err) {
        throw new SimulatorError(`no answer from ${endpoint} within Alexa's 8 s: ${(err as Error).message}`);
      }
      const text = await res.text();
      if (res.status !== 200)
        throw new SimulatorError(`${endpoint} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new SimulatorError(`${endpoint} answered something that is not JSON: ${text.slice(0, 300)}`);
      }
    },
  };
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export async function lambdaTransport(modulePath: string, exportName = 'handler'): Promise<Transport> {
  const url = pathToFileURL(resolve(modulePath)).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    throw new SimulatorError(`cannot load the Lambda module ${modulePath}: ${(err as Error).message}`);
  }
  const handler = mod[exportName];
  if (typeof handler !== 'function')
    throw new SimulatorError(`${modulePath} exports no function ${exportName}`);
  return {
    describe: `Lambda ${modulePath}#${exportName}`,
    async send(envelope) {
      const started = Date.now();
      const context = {
        functionName: 'mylights-alexa-simulator',
        awsRequestId: crypto.randomUUID(),
        getRemainingTimeInMillis: () => Math.max(0, ALEXA_TIMEOUT_MS - (Date.now() - started)),
      };
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          (handler as Handler)(envelope, context),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new SimulatorError("the Lambda handler did not answer within Alexa's 8 s")),
              ALEXA_TIMEOUT_MS,
            );
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
