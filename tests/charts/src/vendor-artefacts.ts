import fs from 'node:fs';
import path from 'node:path';
import { skipOrFail } from '@courier/testenv';

/**
 * ../shared/vendor beside the repository (or COURIER_VENDOR_DIR): the official upstream artefacts
 * (charts, CRDs) the suites check against. Not part of the repository, so a clone may not have it.
 */
export const VENDOR_DIR = process.env.COURIER_VENDOR_DIR
  ? path.resolve(process.env.COURIER_VENDOR_DIR)
  : path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'vendor');
export const inVendor = (...segments: string[]) => path.join(VENDOR_DIR, ...segments);

/**
 * True when every artefact is there. When one is missing: a failure in CI, a loud skip recorded for
 * the end-of-run summary elsewhere (skipOrFail), and false, so the caller skips its suite.
 */
export function vendorArtefactsPresent(suite: string, relativePaths: readonly string[]): boolean {
  const missing = relativePaths.filter((relative) => !fs.existsSync(inVendor(relative)));
  if (missing.length === 0) return true;
  skipOrFail({
    suite,
    what: 'the checks against the official upstream artefacts',
    missing: missing.map((relative) => inVendor(relative)).join(', '),
    fix: `put the official files in ${VENDOR_DIR}; its README.md lists each one and where it comes from`,
  });
  return false;
}
