import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unallowedMentions, type Mention } from '../../../tools/generators/src/rename/allow-list';
import { isTemplateOnly } from '../../../tools/generators/src/rename/template-only';
import { textOf } from '../../../tools/generators/src/rename/text-files';
import { stageAsClone } from '../src/git-index';
import { type SuiteResult } from '../src/jest-suite';
import { linkOwnNodeModules } from '../src/own-node-modules';
import { runOwnSuite } from '../src/own-suite';
import { REPOSITORY } from '../src/repository';
import { copyWorkspace, runInWorkspace } from '../src/temp-workspace';

const NX = 'nx/bin/nx.js';
const RENAME = ['g', './tools/generators:rename', '--name', 'parcels', '--scope', '@acme', '--registry', 'acme.azurecr.io', '--no-interactive'];

/** The whole suite's outcome, with the failures' output when there are any. */
const outcome = (result: SuiteResult) => ({ status: result.status, failed: result.failed, ...(result.status === 0 ? {} : { output: result.output.slice(-6000) }) });

/** Every file of the workspace, as `git add --all` staged it: not node_modules, nor what .gitignore leaves out (Nx's .nx cache). */
const workspaceFiles = (root: string) => execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);

/**
 * Issue 19: `npx nx g ./tools/generators:rename` turns a copy of the workspace into "parcels" (@acme,
 * acme.azurecr.io), removing what only the template needs (the rename itself, this test and its
 * helpers). Nothing may still say courier but the allow-list's words, and the
 * renamed workspace's own suites must pass: its chart and pipeline suites and unit suites of a lib
 * and of the generators. The copy gets the node_modules npm install would give it (its packages
 * linked as @acme/*) and a git index, as a user's clone has. About a minute on 2 cores.
 */
describe('the workspace renamed to parcels (@acme, acme.azurecr.io) in a temp workspace', () => {
  let root: string;
  let generatorLog: string;
  // The renamed suites read their settings under the new prefix: the vendored upstream schemas
  // live beside this repository, where a temp workspace has no ../shared of its own.
  const env = { PARCELS_VENDOR_DIR: process.env.COURIER_VENDOR_DIR ? path.resolve(process.env.COURIER_VENDOR_DIR) : path.resolve(REPOSITORY, '..', 'shared', 'vendor') };

  beforeAll(() => {
    root = copyWorkspace();
    generatorLog = runInWorkspace(root, NX, RENAME);
    linkOwnNodeModules(root);
    stageAsClone(root);
  }, 120_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('is renamed by the Nx CLI, which moves the charts and bins and then asks for npm install', () => {
    expect(generatorLog).toContain('CREATE charts/parcels/Chart.yaml');
    expect(generatorLog).toContain('DELETE charts/courier/Chart.yaml');
    expect(generatorLog).toContain('CREATE charts/parcels-lib/templates/_workload.tpl');
    expect(generatorLog).toContain('CREATE tools/rollout/bin/parcels.js');
    expect(generatorLog).toContain('DELETE tools/generators/src/rename/rename-generator.ts');
    expect(generatorLog).toContain('npm install');
    expect(fs.statSync(path.join(root, 'tools/rollout/bin/parcels.js')).mode & 0o111).toBe(0o111);
  });

  it('has none of the files only the template needs: the rename removed itself', () => {
    expect(workspaceFiles(root).filter(isTemplateOnly)).toEqual([]);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'tools/generators/generators.json'), 'utf8')).generators)).toEqual(['service']);
  });

  it('says courier nowhere but in the allow-list\'s words (tools/generators/src/rename/allow-list.json)', () => {
    const mentions: Mention[] = workspaceFiles(root).flatMap((file) => {
      const inPath = unallowedMentions(file, file).map((mention) => ({ ...mention, line: 0, text: `(its path) ${mention.text}` }));
      const text = textOf(fs.readFileSync(path.join(root, file)));
      return [...inPath, ...(text === undefined ? [] : unallowedMentions(file, text))];
    });
    expect(mentions.map((mention) => `${mention.file}:${mention.line}: ${mention.text}`)).toEqual([]);
  });

  it('has a package-lock.json that npm ci accepts (offline dry run): the lock and every package.json agree on @acme/*', () => {
    const npm = execFileSync('npm', ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(npm).toMatch(/added \d+ packages/);
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { name: string; packages: Record<string, { resolved?: string }> };
    expect(lock.name).toBe('parcels');
    expect(lock.packages['node_modules/@acme/contracts']).toEqual({ resolved: 'libs/contracts', link: true });
  }, 60_000);

  it('passes its own chart suite, which builds the renamed chart locks with a real helm', () => {
    const result = runOwnSuite(root, ['tests/charts/jest.config.js'], env);
    expect(outcome(result)).toEqual({ status: 0, failed: [] });
    expect(result.passed).toEqual(expect.arrayContaining([
      'helm lint --strict stable only passes for the umbrella chart',
      'the Istio install injects sidecars into the app namespace only (PostgreSQL and the addons stay outside the mesh)',
    ]));
  }, 180_000);

  it('passes its own pipeline suite, which checks the Azure names and the path filters on charts/parcels-lib', () => {
    const result = runOwnSuite(root, ['tests/pipelines/jest.config.js'], env);
    expect(outcome(result)).toEqual({ status: 0, failed: [] });
    expect(result.passed).toEqual(expect.arrayContaining([
      'Azure resource names: the AKS files and docs use the ones pipelines/templates/variables.yml sets variables.yml is consistent with itself: the login server is <acrName>.azurecr.io',
    ]));
  }, 120_000);

  it('passes its own unit suites of contracts, service-kit and the (service) generator, importing @acme/* from its own sources', () => {
    const result = runOwnSuite(root, ['libs/contracts/jest.config.js', 'libs/service-kit/jest.config.js', 'tools/generators/jest.config.js'], env);
    expect(outcome(result)).toEqual({ status: 0, failed: [] });
    expect(result.passed.length).toBeGreaterThan(50);
    expect(fs.realpathSync(path.join(root, 'node_modules/@acme/contracts'))).toBe(fs.realpathSync(path.join(root, 'libs/contracts')));
  }, 120_000);
});
