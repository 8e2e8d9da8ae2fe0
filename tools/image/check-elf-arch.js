#!/usr/bin/env node
// Runs in the `app` stage of the Dockerfiles, which runs on the BUILD platform while the image is
// for the TARGET platform: fails when a file about to be shipped is a native binary (an ELF file:
// a Node addon, a prebuilt engine) built for another CPU than the target. Pure-JavaScript trees
// pass; a dependency that brings native code for the build machine's CPU cannot slip into an
// arm64 image unnoticed.
//
// Usage: check-elf-arch.js <dir> <docker arch: amd64|arm64>
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// ELF e_machine values (offset 18, 16 bits) of the architectures the images are built for.
const MACHINE = { amd64: 0x3e, arm64: 0xb7 };

const [dir, arch] = process.argv.slice(2);
if (!dir || !(arch in MACHINE)) {
  console.error(`usage: check-elf-arch.js <dir> <${Object.keys(MACHINE).join('|')}>`);
  process.exit(2);
}

function* files(root) {
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

const header = Buffer.alloc(20);
let native = 0;
const wrong = [];
for (const file of files(dir)) {
  const fd = fs.openSync(file, 'r');
  const read = fs.readSync(fd, header, 0, header.length, 0);
  fs.closeSync(fd);
  if (read < header.length || header.readUInt32BE(0) !== 0x7f454c46) continue;
  native += 1;
  const littleEndian = header[5] === 1;
  const machine = littleEndian ? header.readUInt16LE(18) : header.readUInt16BE(18);
  if (machine !== MACHINE[arch]) wrong.push(`${file} (ELF machine 0x${machine.toString(16)})`);
}
if (wrong.length > 0) {
  console.error(`check-elf-arch: ${wrong.length} native file(s) in ${dir} are not for ${arch}:\n  ${wrong.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-elf-arch: ${dir}: ${native} native file(s), all for ${arch}`);
