/** A few customer journeys through the gateway, so every service records every metric family once. */
export async function sendCustomerTraffic(gatewayUrl: string, journeys: number): Promise<void> {
  const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({ method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  for (let journey = 0; journey < journeys; journey++) {
    const user = await (await fetch(`${gatewayUrl}/api/users`, json('POST', { email: `journey-${Date.now()}-${journey}@example.com`, name: `Journey ${journey}` }))).json();
    const created = await fetch(`${gatewayUrl}/api/deliveries`, json('POST', { ownerId: user.id, pickupAddress: '1 Market St', dropoffAddress: '500 Harbour Rd', distanceKm: 3 + journey }, { 'idempotency-key': `journey-${Date.now()}-${journey}` }));
    if (created.status !== 201) throw new Error(`creating a delivery answered ${created.status}: ${await created.text()}`);
    const delivery = await created.json();
    await (await fetch(`${gatewayUrl}/api/deliveries/${delivery.id}`)).arrayBuffer();
  }
}
