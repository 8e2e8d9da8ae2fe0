import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { unallowedMentions } from '../src/rename/allow-list';
import { renameGenerator } from '../src/rename/rename-generator';
import { textOf } from '../src/rename/text-files';
import { chartLockDigest, type ChartDependency } from '../src/service/helm-chart-lock';

const REPOSITORY = path.resolve(__dirname, '..', '..', '..');
const OPTIONS = { name: 'parcels', scope: '@acme', registry: 'acme.azurecr.io' };

/** Every file git would commit (tracked, and new but not ignored), in an in-memory Nx Tree. */
function workspaceTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPOSITORY, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const absolute = path.join(REPOSITORY, file);
    if (fs.existsSync(absolute) && fs.statSync(absolute).isFile()) tree.write(file, fs.readFileSync(absolute));
  }
  return tree;
}

function allFiles(tree: Tree): string[] {
  const files: string[] = [];
  visitNotIgnoredFiles(tree, '', (file) => files.push(file));
  return files;
}

const read = (tree: Tree, file: string) => tree.read(file, 'utf-8') ?? '';
const json = (tree: Tree, file: string) => JSON.parse(read(tree, file));
const yamlOf = (tree: Tree, file: string) => parse(read(tree, file));
const snapshot = (tree: Tree) => new Map(allFiles(tree).map((file) => [file, tree.read(file)?.toString('base64')]));

/** The rename on every file of this workspace, in memory. */
describe('rename generator on the workspace (in memory)', () => {
  const name = OPTIONS.name;
  let tree: Tree;
  beforeAll(async () => {
    tree = workspaceTree();
    await renameGenerator(tree, OPTIONS);
  });

  it('leaves courier in no file and no path, but for the allow-list\'s words', () => {
    const mentions = allFiles(tree).flatMap((file) => [...unallowedMentions(file, file), ...unallowedMentions(file, textOf(tree.read(file) ?? Buffer.alloc(0)) ?? '')]);
    expect(mentions.map((mention) => `${mention.file}:${mention.line}: ${mention.text}`)).toEqual([]);
  });

  it('keeps the domain word: courierName, the person who carries the parcel, in the contract and the model', () => {
    expect(read(tree, 'libs/contracts/src/deliveries/delivery.schemas.ts')).toContain('  courierName: z.string().nullable(),');
    expect(read(tree, 'services/delivery/prisma/schema.prisma')).toMatch(/ courierName +String\? +@map\("courier_name"\)/);
  });

  it('names the umbrella and library charts, the dashboards and the CLIs after the project, folders and files included', () => {
    for (const file of [`charts/${name}/Chart.yaml`, `charts/${name}-lib/templates/_workload.tpl`, `k8s/aks/${name}.values.yaml`, `k8s/observability/dashboards/${name}-rollout.json`, `tools/rollout/bin/${name}.js`, `tools/stack/bin/${name}-stack.js`, `tools/loadgen/src/${name}-journey.ts`]) {
      expect([file, tree.exists(file)]).toEqual([file, true]);
    }
    expect(tree.exists('charts/courier')).toBe(false);
    expect(tree.exists('charts/courier-lib')).toBe(false);
    expect(yamlOf(tree, `charts/${name}/Chart.yaml`).name).toBe(name);
    expect(yamlOf(tree, `charts/${name}-lib/Chart.yaml`)).toMatchObject({ name: `${name}-lib`, type: 'library' });
    expect(yamlOf(tree, 'charts/users/Chart.yaml').dependencies).toEqual([{ name: `${name}-lib`, version: '0.1.0', repository: `file://../${name}-lib` }]);
    expect(read(tree, 'charts/users/templates/workload.yaml')).toContain(`include "${name}-lib.workload"`);
    expect(json(tree, 'tools/rollout/package.json').bin).toEqual({ [name]: `./bin/${name}.js` });
  });

  it('relocks every chart: each Chart.lock lists its Chart.yaml dependencies under the digest helm computes', () => {
    const charts = tree.children('charts').filter((chart) => tree.isFile(`charts/${chart}/Chart.lock`));
    expect(charts).toEqual(expect.arrayContaining([name, 'users', 'delivery', 'web']));
    for (const chart of charts) {
      const dependencies = (yamlOf(tree, `charts/${chart}/Chart.yaml`).dependencies ?? []) as ChartDependency[];
      const lock = yamlOf(tree, `charts/${chart}/Chart.lock`);
      expect([chart, lock.digest]).toEqual([chart, chartLockDigest(dependencies)]);
      expect(lock.dependencies).toEqual(dependencies.map(({ name: dependency, repository, version }) => ({ name: dependency, repository, version })));
    }
  });

  it('gives the packages one new scope, and package-lock.json the same names, dependencies and CLIs, in npm\'s order', () => {
    const lock = json(tree, 'package-lock.json') as { name: string; packages: Record<string, { name?: string; resolved?: string; link?: boolean }> };
    expect([lock.name, lock.packages[''].name]).toEqual([name, name]);
    const manifests = ['libs', 'services', 'tools'].flatMap((parent) => tree.children(parent).map((dir) => `${parent}/${dir}`)).filter((dir) => tree.isFile(`${dir}/package.json`));
    const scopes = new Set<string>();
    for (const dir of manifests) {
      const manifest = json(tree, `${dir}/package.json`);
      scopes.add(manifest.name.split('/')[0]);
      // npm records bin paths normalised (bin/x.js for ./bin/x.js).
      const bin = manifest.bin && Object.fromEntries(Object.entries(manifest.bin as Record<string, string>).map(([command, file]) => [command, path.posix.normalize(file)]));
      const declared = Object.fromEntries(Object.entries({ name: manifest.name, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies, bin }).filter(([, value]) => value !== undefined));
      expect(lock.packages[dir]).toMatchObject(declared);
      expect(lock.packages[`node_modules/${manifest.name}`]).toEqual({ resolved: dir, link: true });
    }
    expect([...scopes]).toEqual([OPTIONS.scope]);
    const scope = OPTIONS.scope;
    expect(json(tree, 'tools/stack/package.json').dependencies).toHaveProperty([`${scope}/cluster`], '0.1.0');
    expect(json(tree, 'libs/contracts/package.json').exports['.']).toHaveProperty([`${scope}/source`], './src/index.ts');
    const keys = Object.keys(lock.packages);
    expect(keys).toEqual([...keys].sort(new Intl.Collator('en').compare));
  });

  it('names the registry, the Azure resources, namespaces, variable group, images and metrics after the options', () => {
    const variables = Object.fromEntries((yamlOf(tree, 'pipelines/templates/variables.yml').variables as { name: string; value: string }[]).map((variable) => [variable.name, variable.value]));
    expect(variables).toMatchObject({ acrName: 'acme', acrLoginServer: 'acme.azurecr.io', acrServiceConnection: `${name}-acr`, aksResourceGroup: `${name}-rg`, qaNamespace: `${name}-qa`, prodNamespace: name });
    expect(yamlOf(tree, 'k8s/aks/services.values.yaml').image.registry).toBe(variables.acrLoginServer);
    expect(read(tree, 'pipelines/templates/cd.yml')).toContain(`- group: ${name}-qa`);
    expect(json(tree, 'services/users/project.json').targets.container.options.command).toContain(`-t ${name}/{projectName}:local`);
    expect(read(tree, 'tools/mesh/src/mesh-telemetry.ts')).toContain('# TYPE parcels_mesh_routing_version gauge');
    expect(read(tree, 'README.md').split('\n')[0]).toBe('# Parcels');
  });

  it('removes what only the template needs: the rename, its tests and helpers, its docs and its generators.json entry', () => {
    for (const gone of ['tools/generators/src/rename', 'tools/generators/rename-generator.js', 'tools/generators/test/rename-generator.spec.ts', 'tests/generators/test/renamed-workspace.spec.ts', 'tests/generators/src/own-node-modules.ts', 'docs/use-as-a-template.md']) {
      expect([gone, tree.exists(gone)]).toEqual([gone, false]);
    }
    expect(Object.keys(json(tree, 'tools/generators/generators.json').generators)).toEqual(['service']);
    expect(tree.exists('tools/generators/service-generator.js')).toBe(true);
    expect(tree.exists('tests/generators/test/generated-service.spec.ts')).toBe(true);
  });

  it('changes nothing when run again', async () => {
    const renamed = snapshot(tree);
    await renameGenerator(tree, OPTIONS);
    expect(snapshot(tree)).toEqual(renamed);
  });
});

describe('rename generator on a small workspace', () => {
  const USERS_LOCK = 'dependencies:\n- name: courier-lib\n  repository: file://../courier-lib\n  version: 0.1.0\ndigest: sha256:7aa8229464ea030dc4ced382f6ec1426bcd837f1537249d77d73fcf8cde726c9\ngenerated: "2026-11-24T07:24:16.208901491Z"\n';
  const UMBRELLA_LOCK = `dependencies:\n- name: users\n  repository: file://../users\n  version: 0.1.0\ndigest: ${chartLockDigest([{ name: 'users', version: '0.1.0', repository: 'file://../users' }])}\ngenerated: "2026-12-03T09:17:02.22345182Z"\n`;
  let tree: Tree;
  beforeAll(async () => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('.gitignore', 'dist/\n');
    tree.write('charts/courier-lib/Chart.yaml', 'apiVersion: v2\nname: courier-lib\ntype: library\nversion: 0.1.0\n');
    tree.write('charts/users/Chart.yaml', 'apiVersion: v2\nname: users\nversion: 0.1.0\ndependencies:\n  - name: courier-lib\n    version: 0.1.0\n    repository: file://../courier-lib\n');
    tree.write('charts/users/Chart.lock', USERS_LOCK);
    tree.write('charts/courier/Chart.yaml', 'apiVersion: v2\nname: courier\nversion: 0.1.0\ndependencies:\n  - name: users\n    version: 0.1.0\n    repository: file://../users\n');
    tree.write('charts/courier/Chart.lock', UMBRELLA_LOCK);
    tree.write('docs/img/courier.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, ...Buffer.from('courier')]));
    tree.write('libs/x/dist/index.js', "require('@courier/contracts');\n");
    tree.write('tools/generators/src/rename/template-names.ts', "export const NAME = 'courier';\n");
    tree.write('README.md', '# Courier\n\nRuns anywhere.\n\n<!-- use-as-a-template -->\n## Use as a template\n\nSee docs/use-as-a-template.md.\n<!-- /use-as-a-template -->\n\n## License\n');
    tree.write('tools/generators/generators.json', `${JSON.stringify({ name: '@courier/generators', generators: { service: { factory: './service-generator.js' }, rename: { factory: './rename-generator.js' } } }, null, 2)}\n`);
    tree.write('pipelines/templates/variables.yml', 'variables:\n  - name: acrName\n    value: couriercr\n  - name: acrLoginServer\n    value: couriercr.azurecr.io\n  - name: prodNamespace\n    value: courier\n');
    tree.write('services/users/package.json', JSON.stringify({ name: '@courier/users', dependencies: { '@courier/contracts': '0.1.0', zod: '^4.1.12' } }, null, 2));
    await renameGenerator(tree, OPTIONS);
  });

  it('recomputes the digest of a lock whose dependencies were renamed, as helm would', () => {
    const lock = parse(read(tree, 'charts/users/Chart.lock'));
    expect(lock.dependencies).toEqual([{ name: 'parcels-lib', repository: 'file://../parcels-lib', version: '0.1.0' }]);
    expect(lock.digest).toBe(chartLockDigest([{ name: 'parcels-lib', version: '0.1.0', repository: 'file://../parcels-lib' }]));
    expect(lock.digest).not.toBe(parse(USERS_LOCK).digest);
  });

  it('takes the registry, the scope and the name from the options', () => {
    expect(read(tree, 'pipelines/templates/variables.yml')).toBe('variables:\n  - name: acrName\n    value: acme\n  - name: acrLoginServer\n    value: acme.azurecr.io\n  - name: prodNamespace\n    value: parcels\n');
    expect(json(tree, 'services/users/package.json')).toEqual({ name: '@acme/users', dependencies: { '@acme/contracts': '0.1.0', zod: '^4.1.12' } });
  });

  it('moves a lock whose digest still matches as it was, generated time included', () => {
    expect(read(tree, 'charts/parcels/Chart.lock')).toBe(UMBRELLA_LOCK);
  });

  it('moves a binary file without editing it', () => {
    expect(tree.exists('docs/img/courier.png')).toBe(false);
    expect([...(tree.read('docs/img/parcels.png') ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x00, ...Buffer.from('courier')]);
  });

  it('leaves what git ignores alone', () => {
    expect(read(tree, 'libs/x/dist/index.js')).toBe("require('@courier/contracts');\n");
  });

  it('removes itself, its generators.json entry and the README\'s section between the markers', () => {
    expect(tree.exists('tools/generators/src/rename/template-names.ts')).toBe(false);
    expect(read(tree, 'tools/generators/generators.json')).toBe(`${JSON.stringify({ name: '@acme/generators', generators: { service: { factory: './service-generator.js' } } }, null, 2)}\n`);
    expect(read(tree, 'README.md')).toBe('# Parcels\n\nRuns anywhere.\n\n## License\n');
  });
});
