import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type KubernetesObject } from './istio-objects';
import { parseObjects } from './object-loader';

const OBJECT_FILE = /\.(ya?ml|json)$/i;

/** The files a list of `--objects` paths stands for: files as given, directories expanded to their YAML/JSON files. */
export function objectFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const entry of paths) {
    if (statSync(entry).isDirectory()) {
      for (const name of readdirSync(entry).filter((file) => OBJECT_FILE.test(file)).sort()) files.push(path.join(entry, name));
    } else {
      files.push(entry);
    }
  }
  return files;
}

/** All objects in the given files and directories, in order. */
export function loadObjectFiles(paths: readonly string[]): KubernetesObject[] {
  return objectFiles(paths).flatMap((file) => parseObjects(readFileSync(file, 'utf8'), file));
}

/** Size and modification time of each file, to notice a change without reading them. */
export function fileSignature(files: readonly string[]): string {
  return files
    .map((file) => {
      try {
        const stat = statSync(file);
        return `${file}:${stat.size}:${stat.mtimeMs}`;
      } catch {
        return `${file}:missing`;
      }
    })
    .join('|');
}
