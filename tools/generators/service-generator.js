'use strict';
// Nx require()s a generator's factory. On Node 20 it can transpile TypeScript only through
// @swc-node/register or ts-node, which Courier does not install; tsx (the workspace tools' runner)
// loads the TypeScript source instead, so the generator needs no build step.
const { require: requireTypeScript } = require('tsx/cjs/api');

module.exports = requireTypeScript('./src/service/service-generator.ts', __filename);
