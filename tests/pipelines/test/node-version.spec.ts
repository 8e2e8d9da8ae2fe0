import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { templatesDir, workspaceFiles, workspaceRoot } from '../src/workspace-paths';

/** .nvmrc holds the Node.js major every other place must agree with (CI installs it from there too). */
const major = fs.readFileSync(path.join(workspaceRoot, '.nvmrc'), 'utf8').trim().replace(/^v/, '');

describe(`one Node.js major everywhere (.nvmrc: ${major})`, () => {
  it('is a major version number', () => {
    expect(major).toMatch(/^\d+$/);
  });

  it('package.json engines require it', () => {
    const engines = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8')).engines as { node: string };
    expect(engines.node).toBe(`>=${major}`);
  });

  it('the pipelines install it with NodeTool (variables.yml nodeVersion)', () => {
    const variables = (parse(fs.readFileSync(path.join(templatesDir, 'variables.yml'), 'utf8')) as { variables: { name: string; value: string }[] }).variables;
    expect(variables.find((variable) => variable.name === 'nodeVersion')?.value).toBe(`${major}.x`);
  });

  it('every Dockerfile builds and runs on the official node image of that major', () => {
    const dockerfiles = workspaceFiles(/(^|\/)Dockerfile[^/]*$/);
    expect(dockerfiles).toEqual(expect.arrayContaining(['services/Dockerfile', 'tools/mesh/Dockerfile']));
    const bases = dockerfiles.flatMap((file) =>
      [...fs.readFileSync(path.join(workspaceRoot, file), 'utf8').matchAll(/^FROM\s+(?:--platform=\S+\s+)?(node:\S+)/gm)].map((match) => `${file}: ${match[1]}`),
    );
    expect(bases.length).toBeGreaterThanOrEqual(dockerfiles.length);
    expect(bases.filter((base) => !base.endsWith(`: node:${major}-trixie-slim`))).toEqual([]);
  });
});
