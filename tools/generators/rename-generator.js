'use strict';
// Nx require()s a generator's factory; tsx (the workspace tools' runner) loads the TypeScript source,
// so the generator needs no build step (see service-generator.js).
const { require: requireTypeScript } = require('tsx/cjs/api');

module.exports = requireTypeScript('./src/rename/rename-generator.ts', __filename);
