#!/usr/bin/env node
// `npm start`: the local stack launcher, from its TypeScript source (the services it starts run from their builds in dist).
'use strict';
require('../../run-from-source.js').runFromSource(require.resolve('../src/cli.ts'));
