#!/usr/bin/env node
// `courier-mesh`: the local mesh, compiled and run from its build, as `npm start` runs it inside the stack.
'use strict';
const path = require('node:path');
require('../../run-from-build.js').runFromBuild(path.resolve(__dirname, '..'), 'cli.js');
