// Alexa's timestamps: ISO 8601 in UTC, whole seconds plus at most 3 fraction digits, ending in Z.
// Date#toISOString already gives exactly that for years 0000..9999.

// One answer stamps its properties with two instants at most: the device's last change and, for
// EndpointHealth, now. Remember the last two formatted, so a StateReport formats neither again.
let lastMs = Number.NaN;
let lastText = '';
let otherMs = Number.NaN;
let otherText = '';

export function alexaTime(epochMs: number): string {
  const ms = Number.isFinite(epochMs) ? Math.floor(Math.max(0, Math.min(epochMs, 253402300799999))) : 0;
  if (ms === lastMs) return lastText;
  if (ms === otherMs) {
    const text = otherText;
    otherMs = lastMs;
    otherText = lastText;
    lastMs = ms;
    lastText = text;
    return text;
  }
  otherMs = lastMs;
  otherText = lastText;
  lastMs = ms;
  lastText = new Date(ms).toISOString();
  return lastText;
}
