// Alexa.ChannelController: ChangeChannel (by number, call sign, affiliate call sign or name) and
// SkipChannels; reports channel. A channel outside the line-up is INVALID_VALUE; one the plan does
// not include is Alexa.Video NOT_SUBSCRIBED.
import {
  InvalidValueError,
  property,
  readNumber,
  readObject,
  InvalidDirectiveError,
  type DiscoveryCapability,
} from '../../alexa/index.ts';
import { findChannel } from '../../devices/catalogue.ts';
import type { InterfaceModule } from '../interface-module.ts';
import { PROPERTIES, optionalString, tvCommandHandler, tvOf } from './tv-common.ts';

const NAMESPACE = 'Alexa.ChannelController';

const capability: DiscoveryCapability = {
  type: 'AlexaInterface',
  interface: NAMESPACE,
  version: '3',
  properties: PROPERTIES(['channel']),
};

export const channelController: InterfaceModule = {
  namespace: NAMESPACE,
  capability: (device) => (tvOf(device) ? capability : null),
  properties(device) {
    const tv = tvOf(device);
    if (!tv) return [];
    const { number, callSign, affiliateCallSign } = tv.channel;
    // Alexa's channel value has no null fields: absent is absent.
    const value = { number, callSign, ...(affiliateCallSign ? { affiliateCallSign } : {}) };
    return [property(NAMESPACE, 'channel', value, device.updatedAt)];
  },
  handlers: {
    ChangeChannel: tvCommandHandler((directive) => {
      const channel = readObject(directive.payload, 'channel');
      const metadata =
        directive.payload.channelMetadata === undefined
          ? {}
          : readObject(directive.payload, 'channelMetadata');
      const query = {
        number: optionalString(channel, 'number', 'payload.channel'),
        callSign: optionalString(channel, 'callSign', 'payload.channel'),
        affiliateCallSign: optionalString(channel, 'affiliateCallSign', 'payload.channel'),
        name: optionalString(metadata, 'name', 'payload.channelMetadata'),
      };
      const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
      if (Object.keys(defined).length === 0)
        throw new InvalidDirectiveError(
          'ChangeChannel names no channel (number, callSign, affiliateCallSign or name)',
        );
      const found = findChannel(defined);
      if (!found) throw new InvalidValueError(`no channel ${JSON.stringify(defined)} in the line-up`);
      return { name: 'setChannel', params: { number: found.number } };
    }),
    SkipChannels: tvCommandHandler((directive) => ({
      name: 'skipChannels',
      params: { count: readNumber(directive.payload, 'channelCount', { integer: true }) },
    })),
  },
};
