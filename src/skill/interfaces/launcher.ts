// Alexa.Launcher: LaunchTarget opens one of the TV's apps (by identifier, or by name when the
// identifier is not one of ours); reports target while an app is open.
import { InvalidValueError, property, type DiscoveryCapability } from '../../alexa/index.ts';
import { findApp } from '../../devices/tv.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { PROPERTIES, optionalString, tvCommandHandler, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.Launcher';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  properties: PROPERTIES(['target']),
};

export const launcher: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (tvOf(device) ? capability : null),
  properties(device) {
    const app = tvOf(device)?.app;
    return app
      ? [property(NAMESPACE, 'target', { identifier: app.identifier, name: app.name }, device.updatedAt)]
      : [];
  },
  handlers: {
    LaunchTarget: tvCommandHandler((directive, tv) => {
      const identifier = optionalString(directive.payload, 'identifier');
      const name = optionalString(directive.payload, 'name');
      const app = findApp(tv.apps, identifier, name);
      if (!app) throw new InvalidValueError(`this TV has no app ${identifier ?? name ?? '(unnamed)'}`);
      return { name: 'launch', params: { identifier: app.identifier } };
    }),
  },
};
