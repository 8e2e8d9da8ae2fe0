import * as path from 'node:path';

/** tools/generators/files/<group>: the EJS templates `generateFiles` renders. */
export const templateFiles = (group: 'service' | 'chart' | 'pipeline') => path.join(__dirname, '..', '..', 'files', group);
