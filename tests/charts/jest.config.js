// The chart suite renders every rollout scenario with a real helm; see README.md.
module.exports = require('../../jest.preset.js')(__dirname);
