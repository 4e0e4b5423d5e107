// The all-in-one server as `mylights serve` runs it (gateway and virtual devices included) on a
// fresh store and free ports, for the browser tests.
import type { Dialect } from '../../src/store/db.ts';
import { freshServer, type FreshServer } from '../support/env.ts';

export type WebServer = FreshServer;

export function webServer(dialect: Dialect = 'sqlite'): Promise<WebServer> {
  return freshServer(dialect, { gateway: true });
}
