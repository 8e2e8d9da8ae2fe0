#!/usr/bin/env node
// `npm start`: the local stack launcher, from its TypeScript source (the services it starts run from their tsc builds).
'use strict';
require('../../run-from-source.js').runFromSource(require.resolve('../src/cli.ts'));
