// THE REGISTRY OF ALEXA INTERFACES — one table, built once at load time.
//
// Contract (stable; other branches add modules against it):
//  - One file per Alexa interface under src/skill/interfaces/, exporting an InterfaceModule
//    (src/skill/interface-module.ts):
//      namespace     the Alexa namespace, e.g. "Alexa.PowerController";
//      capability    (device) => DiscoveryCapability | null: what Discover says for this device, or
//                    null when the device does not have this interface;
//      properties    (device, now) => AlexaProperty[]: what this interface reports in Response
//                    context and StateReport (build each with `property()` from src/alexa);
//      handlers      { [directiveName]: (directive, ctx) => Promise<AlexaEvent> }.
//  - Handlers are functions of (directive, ctx). They never import the store, MQTT or HTTP
//    (eslint guards it); they use ctx.cloud (the SkillCloud port), ctx.user (the verified user) and
//    the answer helpers ctx.endpointDevice / ctx.respond / ctx.stateReport / ctx.describe.
//  - Handlers throw typed errors from src/alexa/errors.ts (or the device cloud's errors) and never
//    catch: the pipeline's one funnel turns anything thrown into the answer. A handler cannot send
//    an auth error: only a verifier's verdict can.
//  - A handler is reached only for a parsed directive whose token was verified as valid.
//  - Adding an interface is adding a file, one line in INTERFACES (src/skill/interfaces/index.ts) and
//    one case table in test/skill/cases/. The registry refuses a namespace twice.
import type { DirectiveHandler, InterfaceModule } from './interface-module.ts';

export class Registry {
  private readonly byNamespace = new Map<string, InterfaceModule>();
  /** Modules in registration order (the order of capabilities in Discover). Read on every directive. */
  readonly modules: readonly InterfaceModule[];

  constructor(modules: readonly InterfaceModule[]) {
    for (const m of modules) {
      if (this.byNamespace.has(m.namespace))
        throw new Error(`interface ${m.namespace} is registered twice; one module per namespace`);
      this.byNamespace.set(m.namespace, m);
    }
    this.modules = Object.freeze([...modules]);
  }

  module(namespace: string): InterfaceModule | undefined {
    return this.byNamespace.get(namespace);
  }

  /** The handler for a directive, or undefined when this skill does not support it. */
  route(namespace: string, name: string): { module: InterfaceModule; handler: DirectiveHandler } | undefined {
    const module = this.byNamespace.get(namespace);
    if (!module || !Object.hasOwn(module.handlers, name)) return undefined;
    const handler = module.handlers[name];
    return handler ? { module, handler } : undefined;
  }
}
