// The contract every Alexa interface module implements (PATTERNS 1). See registry.ts for the rules.
import type {
  AlexaEvent,
  AlexaProperty,
  Directive,
  DiscoveryCapability,
  DiscoveryEndpoint,
} from '../alexa/index.ts';
import type { Device, SkillCloud, SkillUser, Clock } from './ports.ts';

/** What a handler gets besides the directive: the verified user, the ports and answer helpers. */
export interface HandlerContext {
  user: SkillUser;
  cloud: SkillCloud;
  now: Clock;
  /** The user's device for this directive's endpoint, or NO_SUCH_ENDPOINT; INVALID_DIRECTIVE when the device lacks the directive's interface. */
  endpointDevice(directive: Directive): Promise<Device>;
  /** Alexa.Response for the directive, with every property every module reports for the device. */
  respond(directive: Directive, device: Device): AlexaEvent;
  /** Alexa.StateReport for the device (EndpointHealth UNREACHABLE when the cloud knows it is offline). */
  stateReport(directive: Directive, device: Device): AlexaEvent;
  /** The Discover.Response entry for a device, or null when no module can control it. */
  describe(device: Device): DiscoveryEndpoint | null;
}

export type DirectiveHandler = (directive: Directive, ctx: HandlerContext) => Promise<AlexaEvent>;

export interface InterfaceModule {
  /** The Alexa namespace, e.g. "Alexa.PowerController". Unique in the registry. */
  readonly namespace: string;
  /** This interface's discovery capability for a device, or null when the device does not have it. */
  capability(device: Device): DiscoveryCapability | null;
  /** The properties this interface reports for a device that has it (empty when it reports none). */
  properties(device: Device, now: number): AlexaProperty[];
  /** Directive name → handler. An empty map is fine (e.g. EndpointHealth only reports). */
  readonly handlers: Readonly<Record<string, DirectiveHandler>>;
}
