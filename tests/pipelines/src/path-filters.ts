/** Why a path belongs in a service pipeline's filter, as the drift messages say it. */
export type FilterReason = 'the Nx project graph' | 'the image build' | 'the pipeline';

/**
 * Paths every service pipeline watches, each with its reason: the service, its chart and the library
 * chart, its libs (Nx graph), the pipeline's own files, and what its image build reads
 * (dockerBuildInputs). One entry covers what is under it, so a covered input adds nothing.
 */
export function expectedPathFilters(service: string, serviceRoot: string, libRoots: string[], imageInputs: string[] = []): Map<string, FilterReason> {
  const expected = new Map<string, FilterReason>([
    [serviceRoot, 'the Nx project graph'],
    [`charts/${service}`, 'the pipeline'],
    ['charts/courier-lib', 'the pipeline'],
    ...libRoots.map((root): [string, FilterReason] => [root, 'the Nx project graph']),
    [`pipelines/${service}.yml`, 'the pipeline'],
    ['pipelines/templates', 'the pipeline'],
    ['pipelines/scripts', 'the pipeline'],
  ]);
  // Shorter paths first, so a folder is in the map before a file under it is considered.
  for (const input of [...imageInputs].sort((a, b) => a.length - b.length)) {
    if (![...expected.keys()].some((entry) => pathMatches(entry, input))) expected.set(input, 'the image build');
  }
  return new Map([...expected].sort(([a], [b]) => a.localeCompare(b)));
}

/** Differences between a pipeline's path filter and the expected one, as readable lines. */
export function pathFilterDrift(pipeline: string, actual: string[], expected: ReadonlyMap<string, FilterReason>): string[] {
  const missing = [...expected].filter(([entry]) => !actual.includes(entry));
  const extra = actual.filter((entry) => !expected.has(entry));
  return [
    ...missing.map(([entry, reason]) => `${pipeline}: path filter is missing ${entry} (needed by ${reason})`),
    ...extra.map((entry) => `${pipeline}: path filter has ${entry}, which neither the Nx project graph, the image build nor the pipeline justifies`),
  ];
}

/**
 * Build-context paths that an image reads only in part, and the part that can change it:
 *  - `.`: `COPY . .` feeds only the `manifests` stage, which keeps the root package.json, the
 *    lockfile and each workspace's package.json. A dependency change in any workspace changes
 *    package-lock.json (`npm ci` refuses a lockfile out of step with a manifest), and the service's
 *    and its libs' manifests are under their own roots, so these two stand for the rest.
 *  - `libs`: every library is built, but only those the service depends on (the Nx graph's lib
 *    roots, already in the filter) reach its image and its tests.
 * tests/pipelines checks the manifests stage still keeps what this says (path-filters.spec.ts).
 */
export const PARTLY_READ_CONTEXT: Readonly<Record<string, readonly string[]>> = {
  '.': ['package.json', 'package-lock.json'],
  libs: [],
};

/** The build context's own allow-list decides what every COPY sees, so it is an input too. */
export const CONTEXT_FILTER = '.dockerignore';

/** The one Dockerfile every service is built from (`--build-arg SERVICE=<name>`): an input of every image. */
export const SERVICE_DOCKERFILE = 'services/Dockerfile';

/**
 * What a service's Dockerfile reads from the build context (the repository root): the sources of
 * COPY/ADD without --from, and of `RUN --mount=type=bind` without from=, with ${SERVICE} expanded,
 * plus .dockerignore and the Dockerfile itself; partly read paths are narrowed as PARTLY_READ_CONTEXT says.
 */
export function dockerBuildInputs(dockerfile: string, service: string, dockerfilePath = SERVICE_DOCKERFILE): string[] {
  const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const expand = (source: string) => source.replace(/\$\{SERVICE\}|\$SERVICE\b/g, service).replace(/^\.\/(?=.)/, '').replace(/(?<=.)\/+$/, '');
  const sources: string[] = [];
  for (const instruction of instructions) {
    const [keyword, ...words] = instruction.split(/\s+/);
    if (/^(COPY|ADD)$/i.test(keyword)) {
      if (words.some((word) => word.startsWith('--from='))) continue;
      sources.push(...words.filter((word) => !word.startsWith('--')).slice(0, -1).map(expand));
    } else if (/^RUN$/i.test(keyword)) {
      for (const mount of words.filter((word) => word.startsWith('--mount='))) {
        const options = Object.fromEntries(mount.slice('--mount='.length).split(',').map((option) => option.split('=') as [string, string]));
        if (options.type === 'bind' && !options.from) sources.push(expand(options.source ?? options.src ?? '.'));
      }
    }
  }
  const narrowed = sources.flatMap((source) => PARTLY_READ_CONTEXT[source] ?? [source]);
  return [...new Set([CONTEXT_FILTER, dockerfilePath, ...narrowed])].sort();
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether a changed file matches one path filter entry, as Azure documents it: paths are relative
 * to the repository root and case-sensitive; an entry without wildcards is a prefix (a folder
 * covers everything under it, a file matches itself); `*`, `**` and `?` are wildcards.
 */
export function pathMatches(entry: string, file: string): boolean {
  const clean = entry.replace(/^\/+|\/+$/g, '');
  if (/[*?]/.test(clean)) return globToRegExp(clean).test(file) || globToRegExp(`${clean}/**`).test(file);
  return file === clean || file.startsWith(`${clean}/`);
}

export interface PathFilter {
  include?: string[];
  exclude?: string[];
}

/**
 * Whether a push or PR changing these files runs the pipeline: some file is included and not
 * excluded. With no filter at all, every change triggers (the root is included implicitly).
 */
export function triggersOn(filter: PathFilter | undefined, changedFiles: string[]): boolean {
  if (!filter) return changedFiles.length > 0;
  const include = filter.include ?? [''];
  const exclude = filter.exclude ?? [];
  return changedFiles.some(
    (file) => include.some((entry) => entry === '' || pathMatches(entry, file)) && !exclude.some((entry) => pathMatches(entry, file)),
  );
}

/** Azure branch filter matching (`*` matches within and across `/` as in Azure's wildcard docs). */
export function branchMatches(pattern: string, branch: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${source}$`).test(branch.replace(/^refs\/heads\//, ''));
}
