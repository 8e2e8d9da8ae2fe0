#!/usr/bin/env node
// Prints the Debian packages of every tool in tools/testenv/required-tools.json, space-separated,
// for .ci/run's `apt-get install`: the list is the one place that says what CI installs.
const path = require('node:path');
const { tools } = require(path.join(__dirname, '..', 'tools', 'testenv', 'required-tools.json'));

const packages = [...new Set(Object.values(tools).map((tool) => tool.debian).filter(Boolean))].sort();
process.stdout.write(`${packages.join(' ')}\n`);
