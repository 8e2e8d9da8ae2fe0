// Validates Kubernetes objects against the OpenAPI schemas shipped in kubernetes-models and
// @kubernetes-models/istio. Those packages are ES modules only, which Jest's CommonJS runtime cannot
// load, so the suite runs this file with plain Node: objects as JSON on stdin, results on stdout.
// Input: [{ id, object }]. Output: [{ id, model, errors }], model null when no package has the kind.
import { readFileSync } from 'node:fs';

function modelPath(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  if (group.endsWith('istio.io')) return `@kubernetes-models/istio/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const { id, object } of input) {
  const path = modelPath(object.apiVersion, object.kind);
  let Model;
  try {
    Model = (await import(path))[object.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    results.push({ id, model: null, errors: [] });
    continue;
  }
  try {
    new Model(object).validate();
    results.push({ id, model: path, errors: [] });
  } catch (error) {
    const details = Array.isArray(error.errors) ? error.errors.map((e) => `${e.instancePath || '/'} ${e.message}`) : [error.message];
    results.push({ id, model: path, errors: details });
  }
}
process.stdout.write(JSON.stringify(results));
