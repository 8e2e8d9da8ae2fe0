/** A DNS hostname: dot-separated labels of lower-case letters, digits and inner dashes. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
/** An Azure Container Registry login server: ACR names are letters and digits only. */
const ACR_LOGIN_SERVER = /^([a-z0-9]{1,50})\.azurecr\.io$/;

/** Why `registry` cannot be the new registry (the option and the fix), or undefined when it can. */
export function registryProblem(registry: string): string | undefined {
  if (registry === '') return '--registry is required: your Azure Container Registry login server, e.g. --registry acme.azurecr.io';
  if (/^[a-z]+:\/\//i.test(registry) || registry.includes('/')) return `--registry "${registry}" is a URL or a path: give the host only, e.g. --registry ${registry.replace(/^[a-z]+:\/\//i, '').split('/')[0]}`;
  if (registry !== registry.toLowerCase()) return `--registry "${registry}" has capitals: registry hosts are lower-case, use --registry ${registry.toLowerCase()}`;
  if (!HOSTNAME.test(registry)) return `--registry "${registry}" is not a hostname: give the registry's host, e.g. --registry acme.azurecr.io`;
  if (!ACR_LOGIN_SERVER.test(registry)) {
    return `--registry "${registry}" is not an Azure Container Registry login server (<name>.azurecr.io, the name letters and digits only): the pipelines log in with \`az acr login --name <name>\` and push there; use e.g. --registry acme.azurecr.io`;
  }
  return undefined;
}

/** The ACR resource name of a login server that registryProblem accepted (acme.azurecr.io → acme). */
export const acrNameOf = (registry: string): string => registry.slice(0, registry.indexOf('.'));
