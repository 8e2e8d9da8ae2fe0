#!/usr/bin/env node
// Regenerates deploy/compose/routing.yaml from the Helm charts (see src/compose-routing.ts).
'use strict';
require('../../run-from-source.js').runFromSource(require.resolve('../src/render-compose-routing-cli.ts'));
