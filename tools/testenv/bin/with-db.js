#!/usr/bin/env node
// Runs the with-db CLI from its TypeScript source, so `npm test` needs no build step first.
// tsx's CommonJS hook is enough: with-db imports no workspace library (the embedded database
// runs in a child process that gets the `@courier/source` condition; see
// src/spawn-embedded-postgres.ts).
'use strict';
require('../../node-version-guard.js').exitUnlessSupportedNode();
require('tsx/cjs');
require('../src/with-db.ts');
