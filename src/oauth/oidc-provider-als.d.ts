// oidc-provider publishes no types for its request-context module (used by quarantine.ts only).
declare module 'oidc-provider/lib/helpers/als.js' {
  import type { AsyncLocalStorage } from 'node:async_hooks';
  const requestContext: AsyncLocalStorage<unknown>;
  export default requestContext;
}
