// Alexa's timestamps: ISO 8601 in UTC, whole seconds plus at most 3 fraction digits, ending in Z.
// Date#toISOString already gives exactly that for years 0000..9999.

// One answer stamps every property with the same instant: remember the last one formatted.
let lastMs = Number.NaN;
let lastText = '';

export function alexaTime(epochMs: number): string {
  const ms = Number.isFinite(epochMs) ? Math.floor(Math.max(0, Math.min(epochMs, 253402300799999))) : 0;
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}
