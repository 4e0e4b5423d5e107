// Directives as Alexa sends them, for the simulator (and tests): fresh messageId and
// correlationToken each time, the token where Alexa puts it for that directive.
import { randomUUID } from 'node:crypto';

export interface DirectiveEnvelope {
  directive: {
    header: {
      namespace: string;
      name: string;
      payloadVersion: '3';
      messageId: string;
      correlationToken?: string;
      instance?: string;
    };
    endpoint?: {
      scope: { type: 'BearerToken'; token: string };
      endpointId: string;
      cookie: Record<string, string>;
    };
    payload: Record<string, unknown>;
  };
}

export function discover(token: string): DirectiveEnvelope {
  return {
    directive: {
      header: {
        namespace: 'Alexa.Discovery',
        name: 'Discover',
        payloadVersion: '3',
        messageId: randomUUID(),
      },
      payload: { scope: { type: 'BearerToken', token } },
    },
  };
}

/** Any directive aimed at an endpoint (control, ReportState). */
export function endpointDirective(
  namespace: string,
  name: string,
  endpointId: string,
  token: string,
  payload: Record<string, unknown> = {},
  instance?: string,
): DirectiveEnvelope {
  return {
    directive: {
      header: {
        namespace,
        name,
        payloadVersion: '3',
        messageId: randomUUID(),
        correlationToken: randomUUID(),
        ...(instance ? { instance } : {}),
      },
      endpoint: { scope: { type: 'BearerToken', token }, endpointId, cookie: {} },
      payload,
    },
  };
}

export const turnOn = (endpointId: string, token: string) =>
  endpointDirective('Alexa.PowerController', 'TurnOn', endpointId, token);
export const turnOff = (endpointId: string, token: string) =>
  endpointDirective('Alexa.PowerController', 'TurnOff', endpointId, token);
export const setBrightness = (endpointId: string, token: string, brightness: number) =>
  endpointDirective('Alexa.BrightnessController', 'SetBrightness', endpointId, token, { brightness });
export const setColor = (
  endpointId: string,
  token: string,
  color: { hue: number; saturation: number; brightness: number },
) => endpointDirective('Alexa.ColorController', 'SetColor', endpointId, token, { color });
export const reportState = (endpointId: string, token: string) =>
  endpointDirective('Alexa', 'ReportState', endpointId, token);

/** Puts a (new) token into a directive wherever Alexa carries it, e.g. after a refresh. */
export function withToken(envelope: DirectiveEnvelope, token: string): DirectiveEnvelope {
  const copy = structuredClone(envelope);
  const d = copy.directive;
  if (d.endpoint) d.endpoint.scope = { type: 'BearerToken', token };
  else if (d.header.namespace === 'Alexa.Authorization') {
    const grantee = d.payload.grantee as Record<string, unknown> | undefined;
    d.payload.grantee = { ...(grantee ?? {}), type: 'BearerToken', token };
  } else d.payload.scope = { type: 'BearerToken', token };
  d.header.messageId = randomUUID();
  return copy;
}
