import { type Tree } from '@nx/devkit';
import { escapeRegExp } from './allow-list';
import templateOnly from './template-only.json';

/** A file only the template needs, and why. */
export interface TemplateOnlyFile {
  readonly path: string;
  readonly reason: string;
}

export const TEMPLATE_ONLY_FILES: readonly TemplateOnlyFile[] = templateOnly.files;
export const README_SECTION = templateOnly.readmeSection;

function pathPattern(entry: string): RegExp {
  const source = entry.split('*').map(escapeRegExp).join('[^/]*');
  return new RegExp(entry.endsWith('/') ? `^${source}` : `^${source}$`);
}

const PATTERNS = TEMPLATE_ONLY_FILES.map((file) => pathPattern(file.path));

/** True for a file (workspace-relative, `/`-separated) that only the template needs. */
export const isTemplateOnly = (file: string): boolean => PATTERNS.some((pattern) => pattern.test(file));

/**
 * Removes what only the template needs: the rename itself (generator, tests, helpers, docs), its
 * entry in generators.json and the README's section between the markers. A renamed workspace is no
 * longer the template, and its `npm test` must not run a test that renames the template.
 */
export function removeTemplateOnly(tree: Tree, files: readonly string[]): string[] {
  const removed = files.filter(isTemplateOnly);
  for (const file of removed) tree.delete(file);

  const generators = 'tools/generators/generators.json';
  const manifest = JSON.parse(tree.read(generators, 'utf-8') ?? '{}') as { generators?: Record<string, unknown> };
  if (manifest.generators && templateOnly.generatorsJsonEntry in manifest.generators) {
    delete manifest.generators[templateOnly.generatorsJsonEntry];
    tree.write(generators, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  const readme = tree.read('README.md', 'utf-8');
  const section = new RegExp(`${escapeRegExp(README_SECTION.start)}[\\s\\S]*?${escapeRegExp(README_SECTION.end)}\\n*`);
  if (readme !== null && section.test(readme)) tree.write('README.md', readme.replace(section, ''));
  return removed;
}
