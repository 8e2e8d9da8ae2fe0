import path from 'node:path';

export const WORKSPACE_ROOT = path.resolve(__dirname, '..', '..', '..');
export const inWorkspace = (...segments: string[]) => path.join(WORKSPACE_ROOT, ...segments);
