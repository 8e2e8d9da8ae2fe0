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
// Usage: node tools/swc-build.js [--quiet] <project root>…   (from the workspace root; Nx runs it
//        with one root, tools/run-from-build.js with the local stack's)
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

/** Every file under dir, as absolute paths; none when dir does not exist. */
function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** What tsconfig.build.json includes: .ts files, no specs, no declaration files. */
const isSource = (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts');

/**
 * Writes a file only when its content changes, and then by renaming a complete copy over it: the
 * local stack compiles its libraries on every start (tools/run-from-build.js), possibly while
 * another stack or Nx build of the same workspace is loading them, and a reader must never see a
 * half-written module.
 */
async function writeIfChanged(file, content) {
  const existing = await fs.promises.readFile(file, 'utf8').catch(() => undefined);
  if (existing === content) return;
  const partial = `${file}.${process.pid}.partial`;
  await fs.promises.writeFile(partial, content);
  await fs.promises.rename(partial, file);
}

async function build(projectRoot) {
  const srcDir = path.resolve(projectRoot, 'src');
  const distDir = path.resolve(projectRoot, 'dist');
  // A public/ folder in dist belongs to another build step (web's bundled browser code).
  const ownOutputs = (file) => !path.relative(distDir, file).startsWith(`public${path.sep}`);
  const outputOf = (source) => path.join(distDir, path.relative(srcDir, source)).replace(/\.ts$/, '.js');
  const sources = filesUnder(srcDir).filter(isSource);
  const outputs = new Set(sources.map(outputOf));
  // JavaScript whose source is gone (a renamed or deleted module) must not linger in dist.
  const stale = filesUnder(distDir).filter((file) => /\.js(\.map)?$/.test(file) && !outputs.has(file.replace(/\.map$/, '')) && ownOutputs(file));
  for (const file of stale) fs.rmSync(file, { force: true }); // force: a concurrent build may have removed it

  await Promise.all(
    sources.map(async (file) => {
      const out = outputOf(file);
      const { code, map } = await swc.transform(await fs.promises.readFile(file, 'utf8'), {
        ...SWC_OPTIONS,
        filename: file,
        // Source paths in the map relative to the output, as tsc writes them.
        sourceFileName: path.relative(path.dirname(out), file),
        outputPath: out,
      });
      await fs.promises.mkdir(path.dirname(out), { recursive: true });
      await writeIfChanged(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
      await writeIfChanged(`${out}.map`, map);
    }),
  );
  return sources.length;
}

if (require.main === module) {
  const quiet = process.argv.includes('--quiet');
  const projectRoots = process.argv.slice(2).filter((arg) => arg !== '--quiet');
  const invalid = projectRoots.filter((root) => !fs.existsSync(path.join(root, 'src')));
  if (projectRoots.length === 0 || invalid.length > 0) {
    console.error(`usage: node tools/swc-build.js [--quiet] <project root with a src/ folder>…${invalid.length > 0 ? ` (no src/ in ${invalid.join(', ')})` : ''}`);
    process.exit(2);
  }
  Promise.all(
    projectRoots.map((projectRoot) =>
      build(projectRoot).then(
        (count) => quiet || console.log(`swc: ${count} files ${path.join(projectRoot, 'src')} → ${path.join(projectRoot, 'dist')}`),
        (error) => {
          console.error(`swc: ${projectRoot}: ${error.message ?? error}`);
          process.exitCode = 1;
        },
      ),
    ),
  );
}

module.exports = { build, SWC_OPTIONS };
