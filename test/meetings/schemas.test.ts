// The project's schema for Alexa.MeetingClientController 1.0 discovery accepts the documented shape
// and rejects broken ones; the rest of the Discover.Response is still Amazon's to judge.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { validateAlexaMessage, ALEXA_SCHEMA_PATH } from '../support/alexa-schema.ts';

function roomDiscovery(meetingCapability: object, endpointId = 'meeting-room-001') {
  return {
    event: {
      header: {
        namespace: 'Alexa.Discovery',
        name: 'Discover.Response',
        payloadVersion: '3',
        messageId: '2b7f08b3-02b1-4548-a477-d2fdf67406d4',
      },
      payload: {
        endpoints: [
          {
            endpointId,
            manufacturerName: 'mylights',
            description: 'Virtual meeting room by mylights',
            friendlyName: 'Board Room',
            displayCategories: ['OTHER'],
            capabilities: [{ type: 'AlexaInterface', interface: 'Alexa', version: '3' }, meetingCapability],
          },
        ],
      },
    },
  };
}

const meetings = {
  type: 'AlexaInterface',
  interface: 'Alexa.MeetingClientController',
  version: '1.0',
  supportsScheduledMeeting: true,
  properties: {},
};

describe(
  'Alexa.MeetingClientController discovery schema',
  { skip: !existsSync(ALEXA_SCHEMA_PATH) && 'Amazon schema absent' },
  () => {
    it('accepts the documented capability, with or without the empty properties object', () => {
      for (const cap of [meetings, { ...meetings, supportsScheduledMeeting: false, properties: undefined }]) {
        const r = validateAlexaMessage(roomDiscovery(JSON.parse(JSON.stringify(cap)) as object));
        assert.deepEqual([r.ok, r.schema], [true, 'amazon+parts'], r.errors.join('; '));
      }
    });

    it('rejects a missing or non-boolean supportsScheduledMeeting, another version, and reported properties', () => {
      const { supportsScheduledMeeting: _drop, ...without } = meetings;
      assert.equal(validateAlexaMessage(roomDiscovery(without)).ok, false);
      assert.equal(
        validateAlexaMessage(roomDiscovery({ ...meetings, supportsScheduledMeeting: 'yes' })).ok,
        false,
      );
      assert.equal(validateAlexaMessage(roomDiscovery({ ...meetings, version: '3' })).ok, false);
      assert.equal(
        validateAlexaMessage(roomDiscovery({ ...meetings, properties: { supported: [{ name: 'meeting' }] } }))
          .ok,
        false,
      );
    });

    it('keeps Amazon checking the envelope around it', () => {
      const r = validateAlexaMessage(roomDiscovery(meetings, 'board room with spaces'));
      assert.equal(r.ok, false);
    });
  },
);
