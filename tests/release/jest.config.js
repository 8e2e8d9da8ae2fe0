// The release suite: a simulated cluster driven by the real rollout engine, helm and pipeline scripts; see README.md.
module.exports = require('../../jest.preset.js')(__dirname);
