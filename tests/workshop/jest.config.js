// The labs run against a stack with its own embedded PostgreSQL, as `npm start` has: lab 01 empties
// the data (`courier lab reset --data`), which must not reach the database other suites share.
module.exports = require('../../jest.preset.js')(__dirname);
