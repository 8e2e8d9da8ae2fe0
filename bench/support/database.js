'use strict';
// The benchmarks' PostgreSQL: a real PostgreSQL 15 from testenv (built), as CI's DB tests use.
const path = require('node:path');
const { ROOT } = require('./processes');

async function startBenchPostgres() {
  const { startRealPostgres } = require(path.join(ROOT, 'tools/testenv/dist'));
  return startRealPostgres();
}

module.exports = { startBenchPostgres };
