// The shape of a skill test case (PATTERNS 4): one row of an interface's case table. The runner
// (cases.test.ts) builds the envelope, plays it through the pipeline with scripted ports, validates
// the answer against the schema and compares it and the device command with the expectation.
import type { DeviceCommand } from '../../src/cloud/device-model.ts';
import type { ValidRange } from '../../src/alexa/index.ts';
import type { DeviceSeed, EnvelopeOptions } from './support.ts';

export interface SkillCase {
  name: string;
  /** [namespace, name, options]; the token defaults to a valid one of USER, the endpoint to "lamp". */
  directive: [string, string, EnvelopeOptions?];
  /** Devices in the cloud; default: USER's light "lamp" and OTHER_USER's light "their-lamp". */
  devices?: DeviceSeed[];
  /** Whether the cloud knows connectivity (a gateway runs); default false. */
  tracksConnectivity?: boolean;
  expect: {
    /** event.header.namespace; default "Alexa" ("Alexa.Discovery" for Discover.Response). */
    namespace?: string;
    name: string;
    error?: { type: string; validRange?: ValidRange };
    /** Each must be in context.properties with this value. */
    properties?: Array<{ namespace: string; name: string; value: unknown }>;
    /** Discover.Response: exactly these endpointIds, in order. */
    endpoints?: string[];
  };
  /** The command the device cloud must have executed; null for none. Omit to not check. */
  command?: DeviceCommand | null;
}
