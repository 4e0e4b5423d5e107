// Versioned migrations, applied in name order at start. Name ranges keep parallel work apart:
// 00xx core, 01xx OAuth, 02xx skill, 03xx gateway/devices, 04xx web, 05xx video/meetings, 06xx events.
import type { Migration } from 'kysely';
import * as core from './0001_core.ts';

export const migrations: Record<string, Migration> = {
  '0001_core': core,
};
