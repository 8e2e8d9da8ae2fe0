// Generates a service into a temp workspace and runs the chart and pipeline suites on it; see README.md.
module.exports = require('../../jest.preset.js')(__dirname);
