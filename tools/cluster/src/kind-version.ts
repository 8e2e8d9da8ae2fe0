/**
 * The version of what `courier-cluster up` builds, in the project's one version vocabulary
 * (pipelines/scripts/image-tag.sh: `v` + a SemVer chart version): the same string is the image tag
 * and `tracks.stable.version`, the pods' `version` label that Istio reports as destination_version.
 * `courier rollout ... --to <version> --image-tag <version> --target kubernetes` then names a new
 * build in the same words.
 *
 * `dev` marks a local build (the working tree may hold uncommitted changes, unlike CI's
 * v0.0.0-g<sha>); the `g` keeps an all-digit SHA from being a numeric SemVer identifier with a
 * leading zero, which SemVer forbids.
 */
export const localBuildVersion = (shortSha: string): string => `v0.0.0-dev.g${shortSha}`;

/**
 * What `--tag` accepts: a string that is both a valid image tag and a version the service charts'
 * schema accepts for a track (`^v[0-9]+[a-z0-9.-]*$`), so it can be both. `latest` never matches.
 */
export const KIND_VERSION = /^v[0-9][a-z0-9.-]{0,126}$/;
