import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDirective, directiveRef } from './parse.ts';
import { extractToken } from './scope.ts';
import { alexaTime } from './time.ts';
import { errorResponse, property, response } from './build.ts';
import { ValueOutOfRangeError } from './errors.ts';

const header = { namespace: 'Alexa.PowerController', name: 'TurnOn', messageId: 'm1', payloadVersion: '3' };

describe('parseDirective', () => {
  it('accepts a directive and rejects malformed ones with a reason', () => {
    assert.equal(parseDirective({ directive: { header, payload: {} } }).ok, true);
    const bad: Array<[unknown, RegExp]> = [
      [null, /not a JSON object/],
      [[], /not a JSON object/],
      [{}, /no "directive"/],
      [{ directive: { payload: {} } }, /header is missing/],
      [{ directive: { header: { ...header, namespace: 3 } } }, /namespace/],
      [{ directive: { header: { ...header, messageId: '' } } }, /messageId/],
      [{ directive: { header: { ...header, payloadVersion: 3 } } }, /payloadVersion/],
      [{ directive: { header: { ...header, correlationToken: '' } } }, /correlationToken/],
      [{ directive: { header, endpoint: { endpointId: 'has space' } } }, /endpointId/],
      [{ directive: { header, payload: [] } }, /payload/],
    ];
    for (const [input, reason] of bad) {
      const r = parseDirective(input);
      assert.equal(r.ok, false, JSON.stringify(input));
      if (!r.ok) assert.match(r.reason, reason);
    }
  });

  it('salvages only schema-safe fields from a broken message', () => {
    const ref = directiveRef({
      directive: { header: { correlationToken: 'c', namespace: 'x y' }, endpoint: { endpointId: 'a b' } },
    });
    assert.deepEqual(ref, { correlationToken: 'c' });
  });
});

describe('extractToken', () => {
  const parse = (d: unknown) => {
    const r = parseDirective(d);
    assert.ok(r.ok);
    return r.directive;
  };
  it('reads each directive kind from its own place', () => {
    const scope = { type: 'BearerToken', token: 'T' };
    const discover = parse({
      directive: {
        header: { ...header, namespace: 'Alexa.Discovery', name: 'Discover' },
        payload: { scope },
      },
    });
    const grant = parse({
      directive: {
        header: { ...header, namespace: 'Alexa.Authorization', name: 'AcceptGrant' },
        payload: { grantee: scope },
      },
    });
    const control = parse({ directive: { header, endpoint: { endpointId: 'e', scope }, payload: {} } });
    for (const d of [discover, grant, control]) {
      const t = extractToken(d);
      assert.ok(t.ok && t.token === 'T');
    }
    // The wrong place does not count.
    const misplaced = parse({ directive: { header, endpoint: { endpointId: 'e' }, payload: { scope } } });
    assert.equal(extractToken(misplaced).ok, false);
  });

  it('accepts BearerTokenWithPartition and refuses other scope types', () => {
    const withPartition = parse({
      directive: {
        header,
        endpoint: {
          endpointId: 'e',
          scope: { type: 'BearerTokenWithPartition', token: 'T', partition: 'p', userId: 'u' },
        },
      },
    });
    assert.equal(extractToken(withPartition).ok, true);
    const other = parse({
      directive: { header, endpoint: { endpointId: 'e', scope: { type: 'X', token: 'T' } } },
    });
    assert.equal(extractToken(other).ok, false);
  });
});

describe('builders', () => {
  it('timeOfSample is UTC with at most 3 fraction digits', () => {
    assert.equal(alexaTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), '2026-01-02T03:04:05.678Z');
    assert.match(alexaTime(1234.9), /^1970-01-01T00:00:01\.234Z$/);
  });

  it('timeOfSample stays right when answers alternate between instants (the formatter remembers two)', () => {
    const instants = [5, 1_700_000_000_000, 5, 86_400_000, 1_700_000_000_000, 86_400_000, 5, 5];
    for (const ms of instants) assert.equal(alexaTime(ms), new Date(ms).toISOString());
  });

  it('echo the correlation token, mint fresh message ids, say payloadVersion 3', () => {
    const ref = { correlationToken: 'corr', endpointId: 'e1' };
    const a = response(ref, [property('Alexa.PowerController', 'powerState', 'ON', 0)]);
    const b = response(ref);
    assert.equal(a.event.header.correlationToken, 'corr');
    assert.notEqual(a.event.header.messageId, b.event.header.messageId);
    assert.equal(a.event.header.payloadVersion, '3');
    assert.equal(a.context?.properties[0]?.uncertaintyInMilliseconds, 0);
    const err = errorResponse(
      ref,
      new ValueOutOfRangeError('too bright', { minimumValue: 0, maximumValue: 100 }),
    );
    assert.deepEqual(err.event.payload, {
      type: 'VALUE_OUT_OF_RANGE',
      message: 'too bright',
      validRange: { minimumValue: 0, maximumValue: 100 },
    });
    assert.equal('context' in err, false);
  });
});
