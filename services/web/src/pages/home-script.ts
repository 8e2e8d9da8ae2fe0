/**
 * The customer page's script, served as /assets/home.js (static-assets.controller.ts) so that the
 * page's Content-Security-Policy allows no inline script. Plain browser JavaScript: the page needs
 * no build step.
 */
export const HOME_SCRIPT = `const $ = (id) => document.getElementById(id);
$('user-email').value = 'ada+' + Math.random().toString(36).slice(2, 8) + '@example.com';

async function call(method, url, body, headers) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: body && JSON.stringify(body) });
  const text = await res.text();
  return { ok: res.ok, status: res.status, servedBy: res.headers.get('x-served-by') || '', body: text ? JSON.parse(text) : null };
}
function badge(el, res) {
  el.textContent = res.ok ? (res.body && res.body.servedBy ? 'delivery ' + res.body.servedBy.version + ' · ' + res.body.servedBy.track : res.servedBy) : res.status + ' error';
  el.className = 'badge ' + (res.ok ? ((res.body && res.body.servedBy && res.body.servedBy.track) || '') : 'error');
}
function showDelivery(res) {
  badge($('track-badge'), res);
  $('track-out').textContent = JSON.stringify(res.body, null, 2);
  if (!res.ok) return;
  $('status').textContent = res.body.status.replace('_', ' ');
  $('eta').textContent = 'ETA ' + res.body.eta.minutes + ' min · model ' + res.body.eta.model + (res.body.eta.confidence ? ' · confidence ' + res.body.eta.confidence : '');
}
$('user-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await call('POST', '/api/users', { name: $('user-name').value, email: $('user-email').value });
  badge($('user-badge'), res);
  $('user-out').textContent = JSON.stringify(res.body, null, 2);
  if (res.ok) $('owner-id').value = res.body.id;
});
$('delivery-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { ownerId: $('owner-id').value, pickupAddress: $('pickup').value, dropoffAddress: $('dropoff').value, distanceKm: Number($('distance').value) };
  const res = await call('POST', '/api/deliveries', body, { 'idempotency-key': crypto.randomUUID() });
  badge($('delivery-badge'), res);
  $('delivery-out').textContent = JSON.stringify(res.body, null, 2);
  if (res.ok) { $('delivery-id').value = res.body.id; showDelivery(res); }
});
$('apply-event').addEventListener('click', async () => {
  showDelivery(await call('POST', '/api/deliveries/' + encodeURIComponent($('delivery-id').value) + '/events', { type: $('event').value }));
});
async function refresh() {
  if ($('delivery-id').value) showDelivery(await call('GET', '/api/deliveries/' + encodeURIComponent($('delivery-id').value)));
}
$('refresh').addEventListener('click', refresh);
// Following a parcel re-reads it, so a canary or a promotion shows up as a different badge.
setInterval(() => { if ($('follow').checked) void refresh(); }, 2000);
`;
