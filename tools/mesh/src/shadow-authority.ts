/**
 * The Host/authority Envoy gives a mirrored request: `-shadow` appended to the host part, before
 * any port (`delivery:8080` → `delivery-shadow:8080`), which is how services recognise shadow
 * traffic (Courier's services roll back writes for it).
 */
export function shadowAuthority(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end !== -1) return `${authority.slice(0, end + 1)}-shadow${authority.slice(end + 1)}`;
  }
  const colon = authority.lastIndexOf(':');
  if (colon !== -1 && /^\d+$/.test(authority.slice(colon + 1))) return `${authority.slice(0, colon)}-shadow${authority.slice(colon)}`;
  return `${authority}-shadow`;
}
