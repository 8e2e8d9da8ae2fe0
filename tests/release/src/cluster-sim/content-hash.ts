import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A chart's identity for caching: the bytes of the .tgz, or of every file of the directory. */
export function contentHash(location: string): string {
  const hash = createHash('sha256');
  const visit = (file: string) => {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file).sort()) visit(path.join(file, entry));
      return;
    }
    hash.update(path.relative(location, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  };
  visit(location);
  return hash.digest('hex');
}

export const hashOf = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');
