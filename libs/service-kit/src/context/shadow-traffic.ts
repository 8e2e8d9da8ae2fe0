/**
 * Istio (Envoy) marks mirrored requests by appending `-shadow` to the Host/authority
 * (`delivery-shadow`, or `delivery-shadow:8080` when a port is present); the local mesh does the same.
 */
export function isShadowHost(host: string | undefined): boolean {
  if (!host) return false;
  const withoutPort = host.replace(/:\d+$/, '');
  return withoutPort.endsWith('-shadow');
}
