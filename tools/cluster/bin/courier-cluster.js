#!/usr/bin/env node
// `npx courier-cluster up|down|status [--dry-run]`: the cluster script, from its TypeScript source.
'use strict';
require('../../run-from-source.js').runFromSource(require.resolve('../src/cli.ts'));
