#!/usr/bin/env node
// `npm run demo`: the scripted conference demo against the local stack, from its TypeScript source.
'use strict';
require('../../run-from-source.js').runFromSource(require.resolve('../src/demo/demo-cli.ts'));
