/** Paths every service pipeline watches besides the service's own and its libs'. */
export function expectedPathFilters(service: string, serviceRoot: string, libRoots: string[]): string[] {
  return [
    serviceRoot,
    `charts/${service}`,
    'charts/courier-lib',
    ...libRoots,
    `pipelines/${service}.yml`,
    'pipelines/templates',
    'pipelines/scripts',
  ].sort();
}

/** Differences between a pipeline's path filter and the expected one, as readable lines. */
export function pathFilterDrift(pipeline: string, actual: string[], expected: string[]): string[] {
  const missing = expected.filter((p) => !actual.includes(p));
  const extra = actual.filter((p) => !expected.includes(p));
  return [
    ...missing.map((p) => `${pipeline}: path filter is missing ${p} (a dependency in the Nx project graph)`),
    ...extra.map((p) => `${pipeline}: path filter has ${p}, which the Nx project graph does not justify`),
  ];
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
