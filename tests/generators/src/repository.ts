import * as path from 'node:path';

/** This repository: the generator, the suites and node_modules come from here. */
export const REPOSITORY = path.resolve(__dirname, '..', '..', '..');
