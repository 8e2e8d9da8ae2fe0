#!/usr/bin/env node
// `courier-mesh`: the local mesh, from its TypeScript source.
'use strict';
require('../../run-from-source.js').runFromSource(require.resolve('../src/cli.ts'));
