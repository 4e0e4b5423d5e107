import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeCommand,
  MAX_PAYLOAD_BYTES,
  parseAck,
  parseCommand,
  parseState,
  parseStatus,
  ProtocolError,
  Topics,
} from './protocol.ts';

describe('device protocol', () => {
  const topics = new Topics('mylights');

  it('builds and parses topics, refusing anything that is not <prefix>/<deviceId>/<channel>', () => {
    assert.equal(topics.of('light-ab12', 'cmd'), 'mylights/light-ab12/cmd');
    assert.equal(topics.all('status'), 'mylights/+/status');
    assert.deepEqual(topics.parse('mylights/light-ab12/ack'), { deviceId: 'light-ab12', channel: 'ack' });
    for (const bad of [
      'other/light-ab12/ack',
      'mylights/light-ab12/ack/extra',
      'mylights/+/ack',
      'mylights/light ab/ack',
      'mylights/light-ab12/nope',
      'mylights//ack',
    ])
      assert.equal(topics.parse(bad), null, bad);
    assert.throws(() => new Topics('a/b'));
    assert.throws(() => new Topics('#'));
  });

  it('round-trips a command and validates what a device receives', () => {
    const wire = encodeCommand('c-1', { name: 'setBrightness', params: { brightness: 40 } }, 123);
    assert.deepEqual(parseCommand(wire), {
      id: 'c-1',
      name: 'setBrightness',
      params: { brightness: 40 },
      expiresAt: 123,
    });
    assert.throws(() => parseCommand('{"name":"x"}'), ProtocolError);
    assert.throws(() => parseCommand('{"id":"a b","name":"x"}'), ProtocolError);
    assert.throws(() => parseCommand('{"id":"a","name":"x","params":[]}'), ProtocolError);
    assert.throws(() => parseCommand('not json'), ProtocolError);
  });

  it('parses acks: success carries the state, failure an error with an optional valid range', () => {
    assert.deepEqual(parseAck('{"id":"c-1","ok":true,"state":{"powerState":"ON"}}'), {
      id: 'c-1',
      ok: true,
      state: { powerState: 'ON' },
    });
    assert.deepEqual(
      parseAck(
        '{"id":"c-2","ok":false,"error":{"code":"VALUE_OUT_OF_RANGE","message":"too bright","validRange":{"minimumValue":0,"maximumValue":100}}}',
      ),
      {
        id: 'c-2',
        ok: false,
        error: {
          code: 'VALUE_OUT_OF_RANGE',
          message: 'too bright',
          validRange: { minimumValue: 0, maximumValue: 100 },
        },
      },
    );
    // An unknown error code is a device fault, never the user's value.
    const odd = parseAck('{"id":"c-3","ok":false,"error":{"code":"ON_FIRE"}}');
    assert.equal(odd.ok === false && odd.error.code, 'INTERNAL_ERROR');
    assert.throws(() => parseAck('{"id":"c-4","ok":true}'), ProtocolError);
    assert.throws(() => parseAck('{"id":"c-5"}'), ProtocolError);
  });

  it('parses state and status, and refuses oversized payloads', () => {
    assert.deepEqual(parseState('{"state":{"brightness":3}}'), { state: { brightness: 3 } });
    assert.throws(() => parseState('{"brightness":3}'), ProtocolError);
    assert.equal(parseStatus(Buffer.from('online')), 'online');
    assert.throws(() => parseStatus('maybe'), ProtocolError);
    assert.throws(() => parseState(`{"state":{"x":"${'a'.repeat(MAX_PAYLOAD_BYTES)}"}}`), ProtocolError);
  });
});
