import { spawnSync } from 'node:child_process';
import { accessSync, appendFileSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';

export interface RequiredTool {
  /** On every machine that can run npm install: never skipped, never installed. */
  base?: boolean;
  /** The Debian package that provides it; .ci/run installs every one of them. */
  debian?: string;
  /**
   * A cluster user's program (kubectl, helm on a build agent): never installed here. The tests that
   * run code calling it put a stand-in of that name first on PATH (tests/release's tool stubs).
   */
  stubbedInTests?: boolean;
  /** An environment variable that points at the program (or, with envIsDirectory, its folder). */
  env?: string;
  envIsDirectory?: boolean;
  /** Names looked up on PATH, or absolute paths, tried in order. */
  commands: string[];
  /** When set, a candidate counts only if it runs with these arguments and exits 0. */
  versionArgs?: string[];
  usedBy?: string[];
  why: string;
}

/** The list itself; read at run time (src/ and dist/ are both one level below it). */
export const REQUIRED_TOOLS_FILE = path.join(__dirname, '..', 'required-tools.json');

export const REQUIRED_TOOLS: Readonly<Record<string, RequiredTool>> = (JSON.parse(readFileSync(REQUIRED_TOOLS_FILE, 'utf8')) as { tools: Record<string, RequiredTool> }).tools;

function listed(name: string): RequiredTool {
  const tool = REQUIRED_TOOLS[name];
  if (!tool) throw new Error(`${name} is not in ${REQUIRED_TOOLS_FILE}: add it there (with its Debian package) before a test uses it`);
  if (tool.stubbedInTests) throw new Error(`${name} is stubbed in tests (${REQUIRED_TOOLS_FILE}): put a stand-in first on PATH (tests/release/src/tool-stubs) instead of looking for the real one`);
  return tool;
}

/** Where with-db asks suites to record what they skipped, so the run can end with one summary. */
export const SKIP_REPORT_ENV = 'COURIER_SKIP_REPORT';

/** The first candidate that exists (and runs, where the tool says how to ask it), or undefined. */
export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const tool = listed(name);
  const fromEnv = tool.env ? env[tool.env] : undefined;
  const candidates = fromEnv
    ? [tool.envIsDirectory ? path.join(fromEnv, path.basename(tool.commands[0])) : fromEnv]
    : tool.commands;
  return candidates.map((candidate) => resolveCommand(candidate, env)).find((found) => found !== undefined && runs(found, tool, env));
}

/** How to get a tool, for messages. */
export function installHint(name: string): string {
  const tool = listed(name);
  const install = tool.debian ? `apt-get install ${tool.debian}` : `install ${name}`;
  return tool.env ? `${install}, or set ${tool.env}` : install;
}

/**
 * The tool's path when it is installed; when it is not, skipOrFail (a failure in CI, a loud and
 * recorded skip elsewhere) and undefined, so the caller skips what needs the tool.
 */
export function requireTool(name: string, suite: string, what = 'its tests'): string | undefined {
  const found = findTool(name);
  if (found) return found;
  skipOrFail({ suite, what, missing: name, fix: installHint(name), debian: listed(name).debian });
  return undefined;
}

export interface MissingPrerequisite {
  suite: string;
  /** What is skipped, e.g. "the dashboard checks". */
  what: string;
  /** The tool or artefact that is missing. */
  missing: string;
  /** How to get it. */
  fix: string;
  debian?: string;
}

/**
 * What every suite does when something it needs is not on the machine. In CI (CI=true) it
 * throws: CI installs every listed tool and has ../shared/vendor, so a missing one means the CI
 * setup is wrong, and CI must never pass by skipping. Elsewhere it prints a notice that cannot be
 * missed and records the skip for with-db's end-of-run summary; the caller then skips.
 */
export function skipOrFail(prerequisite: MissingPrerequisite): void {
  const { suite, what, missing, fix } = prerequisite;
  const notice = `[${suite}] SKIPPED ${what}: ${missing} is missing (${fix})`;
  if (process.env.CI === 'true') throw new Error(`${notice}. CI provides everything in tools/testenv/required-tools.json and ../shared/vendor, so this is a CI setup error.`);
  const bar = '!'.repeat(Math.min(100, notice.length));
  process.stderr.write(`\n${bar}\n${notice}\n${bar}\n\n`);
  const report = process.env[SKIP_REPORT_ENV];
  if (report) appendFileSync(report, `${JSON.stringify(prerequisite)}\n`);
}

function resolveCommand(command: string, env: NodeJS.ProcessEnv): string | undefined {
  if (command.includes('/')) return executable(command) ? command : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function runs(file: string, tool: RequiredTool, env: NodeJS.ProcessEnv): boolean {
  if (!tool.versionArgs) return true;
  return spawnSync(file, tool.versionArgs, { stdio: 'ignore', env, timeout: 15_000 }).status === 0;
}
