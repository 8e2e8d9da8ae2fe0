import path from 'node:path';

/**
 * The workspace whose charts are checked: `COURIER_WORKSPACE_ROOT` when set (tests/generators points
 * it at a workspace with a generated service), else this repository.
 */
export const WORKSPACE_ROOT = process.env.COURIER_WORKSPACE_ROOT ? path.resolve(process.env.COURIER_WORKSPACE_ROOT) : path.resolve(__dirname, '..', '..', '..');
export const inWorkspace = (...segments: string[]) => path.join(WORKSPACE_ROOT, ...segments);
