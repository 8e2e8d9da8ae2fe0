#!/usr/bin/env node
// Runs the load generator from its TypeScript source (tsx); it has no decorators, so no build is needed.
'use strict';
require('tsx/cjs');
require('../src/cli.ts');
