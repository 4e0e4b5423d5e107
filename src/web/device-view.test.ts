import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { colorName, hexToHsv, hsvToHex, deviceView } from './device-view.ts';
import { defaultLightState } from '../devices/light.ts';

describe('device view', () => {
  it('converts colours both ways', () => {
    assert.equal(hsvToHex(0, 1, 1), '#ff0000');
    assert.equal(hsvToHex(240, 1, 1), '#0000ff');
    assert.deepEqual(hexToHsv('#0000ff'), { hue: 240, saturation: 1, brightness: 1 });
    assert.deepEqual(hexToHsv('#00ff00'), { hue: 120, saturation: 1, brightness: 1 });
    assert.equal(hexToHsv('blue'), null);
    assert.equal(hexToHsv('#12345'), null);
  });

  it('names colours for people', () => {
    assert.equal(colorName(240, 1), 'blue');
    assert.equal(colorName(0, 0), 'white');
    assert.equal(colorName(350, 1), 'red');
  });

  it('summarises a light in a sentence', () => {
    const device = {
      id: 'light-1',
      userId: 'u',
      type: 'light' as const,
      name: 'Desk',
      online: true,
      createdAt: 0,
      updatedAt: 0,
      state: { ...defaultLightState() },
    };
    assert.equal(deviceView(device).summary, 'Off');
    const on = { ...device, state: { ...defaultLightState(), powerState: 'ON', brightness: 40 } };
    assert.equal(deviceView(on).summary, 'On, 40% brightness, warm white');
    const blue = { ...on, state: { ...on.state, color: { hue: 240, saturation: 1, brightness: 1 } } };
    assert.equal(deviceView(blue).summary, 'On, 40% brightness, blue');
  });
});
