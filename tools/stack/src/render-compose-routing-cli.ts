import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderComposeRouting } from './compose-routing';

const ROOT = path.resolve(__dirname, '..', '..', '..');

renderComposeRouting(ROOT)
  .then((text) => writeFile(path.join(ROOT, 'deploy', 'compose', 'routing.yaml'), text))
  .then(() => process.stdout.write('wrote deploy/compose/routing.yaml\n'))
  .catch((error: Error) => {
    process.stderr.write(`render-compose-routing: ${error.message}\n`);
    process.exit(1);
  });
