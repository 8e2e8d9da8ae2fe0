// Unit tests of the generator on an in-memory Nx Tree holding the repository's files; see README.md.
module.exports = require('../../jest.preset.js')(__dirname);
