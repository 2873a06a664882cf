#!/usr/bin/env node
// The `subnet` CLI. Sources are TypeScript, run through tsx's loader so that the
// command works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
