// The pipeline suite checks pipelines/ against its schema, the repository and the Nx graph; see README.md.
module.exports = require('../../jest.preset.js')(__dirname);
