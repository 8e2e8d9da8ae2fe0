import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTool, REQUIRED_TOOLS, requireTool, SKIP_REPORT_ENV } from '../src/required-tools';
import { skipSummary } from '../src/skip-summary';

const ROOT = path.resolve(__dirname, '../../..');

function trackedSources(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.ts', '*.js', '*.mjs'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && !file.includes('/generated/') && !file.startsWith('node_modules/'));
}

/** Programs started by a literal name in code (spawn, spawnSync, execFile, execFileSync). */
function spawnedByName(source: string): string[] {
  const calls = source.matchAll(/\b(?:spawn|spawnSync|execFile|execFileSync)\(\s*['"`]([^'"`$]+)['"`]/g);
  return [...calls].map((match) => match[1]);
}

const listedCommands = new Set(Object.values(REQUIRED_TOOLS).flatMap((tool) => tool.commands.map((command) => path.basename(command))));

describe('the tool list (tools/testenv/required-tools.json)', () => {
  const sources = trackedSources().map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));

  it('names every program that code starts by name', () => {
    const unlisted = sources.flatMap(({ file, text }) => spawnedByName(text).filter((command) => !listedCommands.has(path.basename(command))).map((command) => `${file}: ${command}`));
    expect(unlisted).toEqual([]);
    // The scan must see the calls it is meant to police, or it proves nothing.
    expect(sources.flatMap(({ text }) => spawnedByName(text))).toEqual(expect.arrayContaining(['git', 'bash']));
  });

  it('names every program the CI scripts check for before they run it', () => {
    const scripts = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '.ci/*.sh', '.ci/**/*.sh', '.ci/run'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const checked = scripts.flatMap((file) => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const probes = [...text.matchAll(/command -v "?([\w.-]+)"?/g), ...text.matchAll(/\[ -x "?(\/usr\/[\w/.-]+)"? \]/g)].map((match) => match[1]);
      const loops = [...text.matchAll(/for tool in ([\w .-]+); do command -v/g)].flatMap((match) => match[1].trim().split(/\s+/));
      return [...probes, ...loops].filter((tool) => tool !== 'tool').map((tool) => ({ file, tool }));
    });
    expect(checked.map(({ tool }) => tool)).toEqual(expect.arrayContaining(['jq', 'taskset']));
    expect(checked.filter(({ tool }) => !listedCommands.has(path.basename(tool)))).toEqual([]);
  });

  it('names every tool a test asks for with requireTool or findTool', () => {
    const asked = sources.flatMap(({ file, text }) => [...text.matchAll(/\b(?:requireTool|findTool)\(\s*'([^']+)'/g)].map((match) => ({ file, tool: match[1] })));
    expect(asked.filter(({ tool }) => !(tool in REQUIRED_TOOLS))).toEqual([]);
    expect(asked.map(({ tool }) => tool)).toEqual(expect.arrayContaining(['shellcheck', 'yamllint']));
  });

  it('gives every tool that is not on every machine a Debian package, which .ci/run installs', () => {
    expect(Object.entries(REQUIRED_TOOLS).filter(([, tool]) => !tool.base && !tool.debian && !tool.stubbedInTests).map(([name]) => name)).toEqual([]);
    // A stubbed tool is never installed by CI, so nothing may ask for it as a real program.
    expect(Object.entries(REQUIRED_TOOLS).filter(([, tool]) => tool.stubbedInTests && (tool.debian || tool.base)).map(([name]) => name)).toEqual([]);
    const packages = execFileSync(process.execPath, [path.join(ROOT, '.ci/debian-packages.js')], { encoding: 'utf8' }).trim().split(' ');
    expect(packages).toEqual(expect.arrayContaining(['shellcheck', 'yamllint', 'prometheus', 'chromium', 'postgresql-15']));
    const ciRun = readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    expect(ciRun).toContain('packages=$(node .ci/debian-packages.js)');
    expect(ciRun).toMatch(/\n\s*DEBIAN_FRONTEND=noninteractive apt-get install [^\n]*\$packages/);
  });
});

describe('requireTool', () => {
  const saved = { CI: process.env.CI, PROMETHEUS_BIN: process.env.PROMETHEUS_BIN, report: process.env[SKIP_REPORT_ENV] };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'required-tools-'));
    process.env.PROMETHEUS_BIN = path.join(dir, 'no-such-prometheus');
    process.env[SKIP_REPORT_ENV] = path.join(dir, 'skips.jsonl');
  });
  afterEach(() => {
    for (const [key, value] of Object.entries({ CI: saved.CI, PROMETHEUS_BIN: saved.PROMETHEUS_BIN, [SKIP_REPORT_ENV]: saved.report })) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a tool through its environment override, and nothing when the override points nowhere', () => {
    expect(findTool('node', { PATH: path.dirname(process.execPath) })).toBe(path.join(path.dirname(process.execPath), 'node'));
    expect(findTool('prometheus')).toBeUndefined();
  });

  it('outside CI: skips loudly and records the skip for the end-of-run summary', () => {
    process.env.CI = 'false';
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(requireTool('prometheus', 'some-suite', 'the dashboard checks')).toBeUndefined();
    expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toContain('[some-suite] SKIPPED the dashboard checks: prometheus is missing (apt-get install prometheus, or set PROMETHEUS_BIN)');
    stderr.mockRestore();
    expect(skipSummary(process.env[SKIP_REPORT_ENV] as string)).toBe(
      [
        '[with-db] SKIPPED because something they need is missing (in CI that is a failure):',
        '  - some-suite: the dashboard checks (needs prometheus: apt-get install prometheus, or set PROMETHEUS_BIN)',
        '[with-db] to run them: apt-get install prometheus',
      ].join('\n'),
    );
  });

  it('in CI: a missing tool is an error, never a skip', () => {
    process.env.CI = 'true';
    expect(() => requireTool('prometheus', 'some-suite')).toThrow(/CI provides everything in tools\/testenv\/required-tools.json and ..\/shared\/vendor/);
  });

  it('refuses a tool that is not on the list', () => {
    const unlisted = 'istioctl';
    expect(() => findTool(unlisted)).toThrow(/istioctl is not in .*required-tools.json/);
  });

  it('refuses to look for a tool that tests stub, such as kubectl', () => {
    expect(() => findTool('kubectl')).toThrow(/kubectl is stubbed in tests/);
  });
});
