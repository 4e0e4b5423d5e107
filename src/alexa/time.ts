// Alexa's timestamps: ISO 8601 in UTC, whole seconds plus at most 3 fraction digits, ending in Z.
// Date#toISOString already gives exactly that for years 0000..9999.

export function alexaTime(epochMs: number): string {
  const ms = Number.isFinite(epochMs) ? Math.max(0, Math.min(epochMs, 253402300799999)) : 0;
  return new Date(Math.floor(ms)).toISOString();
}
