#!/usr/bin/env node
// Regenerates deploy/compose/routing.yaml from the Helm charts (see src/compose-routing.ts).
'use strict';
const { spawnSync } = require('node:child_process');

const result = spawnSync(process.execPath, ['--conditions=@courier/source', '--require', require.resolve('tsx/cjs'), require.resolve('../src/render-compose-routing-cli.ts')], { stdio: 'inherit' });
process.exit(result.status ?? 1);
