#!/usr/bin/env node
// `npx courier rollout …`: runs the rollout engine from its TypeScript source (tsx); it has no
// decorators, so no build step is needed first.
'use strict';
require('tsx/cjs');
require('../src/cli/main.ts');
