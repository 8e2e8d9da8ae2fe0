/**
 * Orders the version strings Courier deploys: `v1.2.3` from a release branch, `v0.0.0-g<sha7>` from
 * any other commit, and the charts' short defaults (`v1`, `v2`). Semver precedence with a leading
 * `v`; missing minor/patch count as 0; a pre-release sorts before its release.
 */
interface Parsed {
  core: [number, number, number];
  prerelease: string[];
}

function parse(version: string): Parsed | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
  if (!match) return undefined;
  return { core: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)], prerelease: match[4]?.split('.') ?? [] };
}

/** A build of a commit, not a release: two of them on the same core have no order. */
const isCommitBuild = (prerelease: string[]) => prerelease.length === 1 && /^g[0-9a-f]{7,40}$/.test(prerelease[0]);

/**
 * -1, 0 or 1; undefined when the two cannot be ordered: either is not a version, or both are commit
 * builds of different commits (their hashes say nothing about which is newer).
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 | undefined {
  if (a === b) return 0;
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return undefined;
  for (let i = 0; i < 3; i++) {
    if (left.core[i] !== right.core[i]) return left.core[i] < right.core[i] ? -1 : 1;
  }
  if (left.prerelease.length === 0 || right.prerelease.length === 0) {
    if (left.prerelease.length === right.prerelease.length) return 0;
    return left.prerelease.length === 0 ? 1 : -1;
  }
  if (isCommitBuild(left.prerelease) && isCommitBuild(right.prerelease)) return left.prerelease[0] === right.prerelease[0] ? 0 : undefined;
  return comparePrerelease(left.prerelease, right.prerelease);
}

function comparePrerelease(left: string[], right: string[]): -1 | 0 | 1 {
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] === undefined) return -1;
    if (right[i] === undefined) return 1;
    if (left[i] === right[i]) continue;
    const [l, r] = [left[i], right[i]];
    const numeric = /^\d+$/.test(l) && /^\d+$/.test(r);
    if (numeric) return Number(l) < Number(r) ? -1 : 1;
    if (/^\d+$/.test(l)) return -1;
    if (/^\d+$/.test(r)) return 1;
    return l < r ? -1 : 1;
  }
  return 0;
}

/** True when `version` is known to be at least `floor`. */
export const atLeast = (version: string, floor: string): boolean => {
  const order = compareVersions(version, floor);
  return order === 0 || order === 1;
};
