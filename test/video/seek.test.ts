// Alexa.SeekController answers AdjustSeekPosition with positionMilliseconds, as Amazon documents,
// and the virtual TV is where the answer says.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { playDirective } from './support.ts';
import { playingTv } from './fixtures.ts';
import { contentById } from '../../src/devices/catalogue.ts';

async function seek(delta: number, from: number, contentId = 'mv-paper-moons') {
  const played = await playDirective('Alexa.SeekController', 'AdjustSeekPosition', {
    endpointId: 'tv',
    payload: { deltaPositionMilliseconds: delta },
    devices: [playingTv(contentId, from)],
  });
  const { header, payload, endpoint } = played.answer.event;
  assert.deepEqual([header.namespace, header.name], ['Alexa.SeekController', 'StateReport']);
  assert.equal(endpoint?.endpointId, 'tv');
  const position = (played.device('tv')?.playback as { positionMs: number }).positionMs;
  return { payload, position };
}

describe('Alexa.SeekController AdjustSeekPosition', () => {
  it('moves forward and answers with the new position in positionMilliseconds', async () => {
    const { payload, position } = await seek(60_000, 30_000);
    assert.equal(position, 90_000);
    assert.deepEqual(payload, { properties: [{ name: 'positionMilliseconds', value: 90_000 }] });
  });

  it('moves back, stopping at the start', async () => {
    assert.deepEqual((await seek(-10_000, 30_000)).payload, {
      properties: [{ name: 'positionMilliseconds', value: 20_000 }],
    });
    const { payload, position } = await seek(-600_000, 30_000);
    assert.equal(position, 0);
    assert.deepEqual(payload, { properties: [{ name: 'positionMilliseconds', value: 0 }] });
  });

  it('stops at the end of the content', async () => {
    const end = contentById('tv-office-hours-s01e01')?.durationMs;
    const { payload, position } = await seek(3_600_000, 60_000, 'tv-office-hours-s01e01');
    assert.equal(position, end);
    assert.deepEqual(payload, { properties: [{ name: 'positionMilliseconds', value: end }] });
  });
});
