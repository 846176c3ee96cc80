#!/usr/bin/env node
// Entry point of the `heapdrop` CLI: runs the TypeScript sources through tsx, so `npm ci` is the only build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
