#!/usr/bin/env node
// `npm start`: the local stack launcher, compiled and run from its build like the services it starts.
'use strict';
const path = require('node:path');
require('../../run-from-build.js').runFromBuild(path.resolve(__dirname, '..'), 'cli.js');
