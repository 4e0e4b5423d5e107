#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx so that a fresh clone needs only `npm ci`.
// `npm run build` produces dist/ for production hosts and the Lambda bundle.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
