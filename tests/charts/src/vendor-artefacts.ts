import fs from 'node:fs';
import path from 'node:path';

/**
 * ../shared/vendor beside the repository (or COURIER_VENDOR_DIR): the official upstream artefacts
 * (charts, CRDs) the suites check against. Not part of the repository, so a clone may not have it.
 */
export const VENDOR_DIR = process.env.COURIER_VENDOR_DIR
  ? path.resolve(process.env.COURIER_VENDOR_DIR)
  : path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'vendor');
export const inVendor = (...segments: string[]) => path.join(VENDOR_DIR, ...segments);

/**
 * True when every artefact is there. Outside CI a missing one is a loud notice and the caller skips
 * its suite; with CI=true it is a failure, so CI can never pass by skipping.
 */
export function vendorArtefactsPresent(suite: string, relativePaths: readonly string[]): boolean {
  const missing = relativePaths.filter((relative) => !fs.existsSync(inVendor(relative)));
  if (missing.length === 0) return true;
  const notice = `[${suite}] SKIPPED: the upstream artefacts are missing: ${missing.map((relative) => inVendor(relative)).join(', ')}. `
    + `Put the official files in ${VENDOR_DIR} (its README.md lists each one and where it comes from).`;
  if (process.env.CI === 'true') throw new Error(`${notice} CI must have them.`);
  process.stderr.write(`\n${'!'.repeat(100)}\n${notice}\n${'!'.repeat(100)}\n\n`);
  return false;
}
