// What the dashboard shows of a device, as plain data: the server renders it into cards and sends
// it over the live stream, so the page and the stream cannot describe a light differently.
import type { Device } from '../cloud/device-model.ts';
import type { LightState } from '../devices/light.ts';

export interface DeviceView {
  id: string;
  name: string;
  type: Device['type'];
  online: boolean;
  /** A sentence a screen reader can say, e.g. "On, 80% brightness, blue". */
  summary: string;
  light?: { on: boolean; brightness: number; hex: string; kelvin: number; white: boolean };
}

export function hsvToHex(hue: number, saturation: number, value: number): string {
  const f = (n: number) => {
    const k = (n + hue / 60) % 6;
    return value - value * saturation * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return `#${[f(5), f(3), f(1)]
    .map((c) =>
      Math.round(c * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Parses #rrggbb into Alexa's HSB (hue 0..360, saturation and brightness 0..1); null when malformed. */
export function hexToHsv(hex: string): { hue: number; saturation: number; brightness: number } | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return null;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((x) => parseInt(x, 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  let hue = 0;
  if (d > 0) {
    if (max === r) hue = 60 * (((g - b) / d + 6) % 6);
    else if (max === g) hue = 60 * ((b - r) / d + 2);
    else hue = 60 * ((r - g) / d + 4);
  }
  const round = (v: number, p: number) => Math.round(v * p) / p;
  return {
    hue: round(hue, 10),
    saturation: max === 0 ? 0 : round(d / max, 1000),
    brightness: round(max, 1000),
  };
}

const HUE_NAMES: Array<[number, string]> = [
  [15, 'red'],
  [45, 'orange'],
  [70, 'yellow'],
  [160, 'green'],
  [200, 'cyan'],
  [255, 'blue'],
  [290, 'purple'],
  [335, 'pink'],
  [361, 'red'],
];

export function colorName(hue: number, saturation: number): string {
  if (saturation < 0.15) return 'white';
  const name = HUE_NAMES.find(([upTo]) => hue < upTo)?.[1] ?? 'red';
  return saturation < 0.5 ? `pale ${name}` : name;
}

function whiteName(kelvin: number): string {
  if (kelvin <= 3000) return 'warm white';
  if (kelvin >= 5000) return 'cool white';
  return 'neutral white';
}

export function deviceView(device: Device): DeviceView {
  const base = { id: device.id, name: device.name, type: device.type, online: device.online };
  if (device.type === 'light') {
    const s = device.state as unknown as LightState;
    const on = s.powerState === 'ON';
    const white = (s.color?.saturation ?? 0) < 0.15;
    const hex = white ? '#fff4e0' : hsvToHex(s.color.hue, s.color.saturation, 1);
    const shade = white
      ? `${whiteName(s.colorTemperatureInKelvin)}`
      : colorName(s.color.hue, s.color.saturation);
    const summary = on ? `On, ${s.brightness}% brightness, ${shade}` : 'Off';
    return {
      ...base,
      summary,
      light: { on, brightness: s.brightness, hex, kelvin: s.colorTemperatureInKelvin, white },
    };
  }
  const entries = Object.entries(device.state)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k} ${String(v)}`);
  return { ...base, summary: entries.length ? entries.join(', ') : 'No state reported yet' };
}
