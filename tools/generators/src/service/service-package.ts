import { readJson, writeJson, type Tree } from '@nx/devkit';
import { REFERENCE_SERVICE } from './reference-service';

/** What the generated code imports; versions are taken from the reference service's manifest. */
export const SERVICE_DEPENDENCIES = ['@courier/service-kit', '@nestjs/common', 'zod'] as const;

/** services/<name>/package.json: a workspace package declaring exactly what its code imports. */
export function writeServicePackage(tree: Tree, name: string): void {
  const reference = readJson<{ dependencies?: Record<string, string> }>(tree, `services/${REFERENCE_SERVICE}/package.json`);
  const dependencies = Object.fromEntries(
    SERVICE_DEPENDENCIES.map((dependency) => {
      const version = reference.dependencies?.[dependency];
      if (!version) throw new Error(`services/${REFERENCE_SERVICE}/package.json does not declare ${dependency}, whose version a new service copies`);
      return [dependency, version];
    }),
  );
  writeJson(tree, `services/${name}/package.json`, {
    name: `@courier/${name}`,
    version: '0.1.0',
    private: true,
    license: 'MIT',
    main: './dist/main.js',
    dependencies,
  });
}
