#!/usr/bin/env node
'use strict';
// The `build` target of every TypeScript project: compiles {project}/src/**/*.ts (specs left out)
// to {project}/dist with swc, one file at a time and in-process, so a first `npm start` waits
// seconds, not the half-minute tsc -b needs for the whole graph. Types are the `typecheck` target's
// job (tsc -b, declarations only, into the same dist): this emits exactly what tsc would run,
// nothing it would check.
//
// The options mirror tsconfig.base.json, so the output behaves as tsc's did:
//   - legacy decorators with emitted design:paramtypes metadata: Nest's dependency injection reads
//     it (tsx and esbuild emit none, which is why neither is used here);
//   - CommonJS with esModuleInterop-style interop, and `import()` kept as is: under module node16
//     tsc keeps it, and Prisma's client loads its query compiler through it;
//   - ES2022 with define semantics for class fields (tsc's default at that target);
//   - class names kept: Nest names providers and logs by them.
//
// Usage: node tools/swc-build.js <project root>     (from the workspace root; Nx runs it)
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: true, importInterop: 'swc', strict: false },
  sourceMaps: true,
  // tsc's maps name the sources without embedding them; the images copy dist/.
  inlineSourcesContent: false,
  swcrc: false,
  configFile: false,
};

/** Every .ts file under dir that tsconfig.build.json includes: no specs, no declaration files. */
function sourcesUnder(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourcesUnder(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

/** JavaScript files in dist whose source is gone (a renamed or deleted module must not linger). */
function staleOutputs(distDir, expected) {
  if (!fs.existsSync(distDir)) return [];
  const stale = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.js(\.map)?$/.test(entry.name) && !expected.has(full.replace(/\.map$/, ''))) stale.push(full);
    }
  };
  walk(distDir);
  return stale;
}

async function build(projectRoot) {
  const srcDir = path.resolve(projectRoot, 'src');
  const distDir = path.resolve(projectRoot, 'dist');
  // A public/ folder in dist belongs to another build step (web's bundled browser code).
  const ownOutputs = (file) => !path.relative(distDir, file).startsWith(`public${path.sep}`);
  const sources = sourcesUnder(srcDir);
  const outputs = new Set(sources.map((file) => path.join(distDir, path.relative(srcDir, file)).replace(/\.ts$/, '.js')));
  for (const file of staleOutputs(distDir, outputs).filter(ownOutputs)) fs.rmSync(file);

  await Promise.all(
    sources.map(async (file) => {
      const out = path.join(distDir, path.relative(srcDir, file)).replace(/\.ts$/, '.js');
      const { code, map } = await swc.transform(await fs.promises.readFile(file, 'utf8'), {
        ...SWC_OPTIONS,
        filename: file,
        // Source paths in the map relative to the output, as tsc writes them.
        sourceFileName: path.relative(path.dirname(out), file),
        outputPath: out,
      });
      await fs.promises.mkdir(path.dirname(out), { recursive: true });
      await fs.promises.writeFile(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
      await fs.promises.writeFile(`${out}.map`, map);
    }),
  );
  return sources.length;
}

if (require.main === module) {
  const projectRoot = process.argv[2];
  if (!projectRoot || !fs.existsSync(path.join(projectRoot, 'src'))) {
    console.error('usage: node tools/swc-build.js <project root with a src/ folder>');
    process.exit(2);
  }
  build(projectRoot).then(
    (count) => console.log(`swc: ${count} files ${path.join(projectRoot, 'src')} → ${path.join(projectRoot, 'dist')}`),
    (error) => {
      console.error(`swc: ${projectRoot}: ${error.message ?? error}`);
      process.exit(1);
    },
  );
}

module.exports = { build, SWC_OPTIONS };
