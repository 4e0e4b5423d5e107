// The project's own schemas (schemas/) accept correct samples written from Amazon's documentation
// and reject broken ones; mixed messages are still checked by Amazon's schema for the parts it knows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { validateAlexaMessage, ALEXA_SCHEMA_PATH } from '../support/alexa-schema.ts';

const amazonPresent = existsSync(ALEXA_SCHEMA_PATH);

function videoError(type: string, extra: Record<string, unknown> = {}) {
  return {
    event: {
      header: {
        namespace: 'Alexa.Video',
        name: 'ErrorResponse',
        messageId: '4e02d3c8-85e8-4e32-8a1b-08c1d52122ad',
        correlationToken: 'dFMb0z+PgpgdDmluhJ1LddFvSqZ/==',
        payloadVersion: '3',
      },
      endpoint: { endpointId: 'tv-001' },
      payload: { type, message: 'no match in the catalogue', ...extra },
    },
  };
}

function discovery(capabilities: object[]) {
  return {
    event: {
      header: {
        namespace: 'Alexa.Discovery',
        name: 'Discover.Response',
        payloadVersion: '3',
        messageId: 'b0f0c8d2-1111-4c6e-9b1a-2f3e4d5c6b7a',
      },
      payload: {
        endpoints: [
          {
            endpointId: 'tv-001',
            manufacturerName: 'mylights',
            description: 'Virtual TV by mylights',
            friendlyName: 'Living Room TV',
            displayCategories: ['TV'],
            capabilities: [{ type: 'AlexaInterface', interface: 'Alexa', version: '3' }, ...capabilities],
          },
        ],
      },
    },
  };
}

const keypad = {
  type: 'AlexaInterface',
  interface: 'Alexa.KeypadController',
  version: '3',
  keys: ['UP', 'DOWN', 'LEFT', 'RIGHT', 'SELECT', 'INFO'],
};
const playbackState = {
  type: 'AlexaInterface',
  interface: 'Alexa.PlaybackStateReporter',
  version: '1.0',
  properties: { supported: [{ name: 'playbackState' }], proactivelyReported: false, retrievable: true },
};
const speaker = {
  type: 'AlexaInterface',
  interface: 'Alexa.Speaker',
  version: '3',
  properties: {
    supported: [{ name: 'volume' }, { name: 'muted' }],
    proactivelyReported: false,
    retrievable: true,
  },
};

function responseWith(properties: object[]) {
  return {
    event: {
      header: {
        namespace: 'Alexa',
        name: 'Response',
        messageId: '5f8a426e-01e4-4cc9-8b79-65f8bd0fd8a4',
        correlationToken: 'token-1',
        payloadVersion: '3',
      },
      endpoint: { endpointId: 'tv-001' },
      payload: {},
    },
    context: { properties },
  };
}
const playing = (state: string) => ({
  namespace: 'Alexa.PlaybackStateReporter',
  name: 'playbackState',
  value: { state },
  timeOfSample: '2026-11-27T09:00:00.000Z',
  uncertaintyInMilliseconds: 0,
});

describe('Alexa.Video ErrorResponse schema', () => {
  it('accepts every documented Alexa.Video error type', () => {
    for (const type of [
      'ACTION_NOT_PERMITTED_FOR_CONTENT',
      'CONFIRMATION_REQUIRED',
      'CONTENT_NOT_FOUND',
      'CONTENT_NOT_RECORDABLE',
      'NOT_SUBSCRIBED',
      'RECORDING_EXISTS',
      'STORAGE_FULL',
      'TITLE_DISAMBIGUATION_REQUIRED',
      'TUNER_OCCUPIED',
    ]) {
      const r = validateAlexaMessage(videoError(type));
      assert.deepEqual([r.ok, r.schema], [true, 'Alexa.Video'], `${type}: ${r.errors.join('; ')}`);
    }
  });

  it('rejects unknown types, token errors, extra fields, a context and a missing message', () => {
    assert.equal(validateAlexaMessage(videoError('NO_SUCH_THING')).ok, false);
    assert.equal(validateAlexaMessage(videoError('INVALID_AUTHORIZATION_CREDENTIAL')).ok, false);
    assert.equal(validateAlexaMessage(videoError('NOT_SUBSCRIBED', { validRange: {} })).ok, false);
    assert.equal(
      validateAlexaMessage({ ...videoError('STORAGE_FULL'), context: { properties: [] } }).ok,
      false,
    );
    const noMessage = videoError('STORAGE_FULL');
    delete (noMessage.event.payload as { message?: string }).message;
    assert.equal(validateAlexaMessage(noMessage).ok, false);
    const badVersion = videoError('STORAGE_FULL');
    badVersion.event.header.payloadVersion = '3.1';
    assert.equal(validateAlexaMessage(badVersion).ok, false);
  });
});

describe(
  'part schemas for video discovery and properties',
  { skip: !amazonPresent && 'Amazon schema absent' },
  () => {
    it('accepts a TV discovery with KeypadController and PlaybackStateReporter beside Amazon-known interfaces', () => {
      const r = validateAlexaMessage(discovery([speaker, keypad, playbackState]));
      assert.deepEqual([r.ok, r.schema], [true, 'amazon+parts'], r.errors.join('; '));
    });

    it('rejects an unknown key, no keys, and a PlaybackStateReporter of another version', () => {
      assert.equal(validateAlexaMessage(discovery([{ ...keypad, keys: ['UP', 'HOME'] }])).ok, false);
      assert.equal(validateAlexaMessage(discovery([{ ...keypad, keys: [] }])).ok, false);
      assert.equal(validateAlexaMessage(discovery([{ ...playbackState, version: '3' }])).ok, false);
      assert.equal(
        validateAlexaMessage(
          discovery([{ ...playbackState, properties: { ...playbackState.properties, supported: [] } }]),
        ).ok,
        false,
      );
    });

    it('still lets Amazon judge the capabilities it knows in a mixed message', () => {
      const brokenSpeaker = { ...speaker, properties: { ...speaker.properties, retrievable: 'sometimes' } };
      const r = validateAlexaMessage(discovery([brokenSpeaker, keypad]));
      assert.equal(r.ok, false);
      assert.equal(r.schema, 'amazon+parts');
    });

    it('accepts playbackState PLAYING, PAUSED and STOPPED and rejects anything else', () => {
      for (const state of ['PLAYING', 'PAUSED', 'STOPPED'])
        assert.equal(validateAlexaMessage(responseWith([playing(state)])).ok, true, state);
      assert.equal(validateAlexaMessage(responseWith([playing('BUFFERING')])).ok, false);
      assert.equal(
        validateAlexaMessage(responseWith([{ ...playing('PLAYING'), timeOfSample: 'yesterday' }])).ok,
        false,
      );
    });
  },
);
