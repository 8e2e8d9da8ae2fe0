/**
 * The customer page: create a user, send a parcel, follow it. Deliberately dependency-free and
 * large-type so it reads on a projector; each response shows which version served it.
 */
export const HOME_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Courier</title>
<style>
  :root { --bg:#0f172a; --panel:#1e293b; --ink:#f8fafc; --muted:#cbd5e1; --blue:#0072b2; --orange:#e69f00; --green:#009e73; --red:#d55e00; --sky:#56b4e9; }
  * { box-sizing: border-box; }
  body { margin:0; font: 20px/1.5 system-ui, sans-serif; background:var(--bg); color:var(--ink); }
  header { padding: 24px 40px; border-bottom: 2px solid var(--panel); display:flex; align-items:baseline; gap:24px; flex-wrap:wrap; }
  header .nav { margin-left:auto; font-weight:700; font-size:24px; }
  h1 { margin:0; font-size: 40px; } h2 { margin-top:0; font-size: 28px; }
  main { display:grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap:24px; padding: 24px 40px; }
  section { background:var(--panel); border-radius:12px; padding:24px; }
  label { display:block; margin: 12px 0 4px; color:var(--muted); }
  input, select, button { font: inherit; padding: 10px 12px; border-radius:8px; border:2px solid #475569; background:#0b1220; color:var(--ink); width:100%; }
  button { background:var(--sky); border-color:var(--sky); color:#0b1220; font-weight:700; cursor:pointer; margin-top:16px; }
  pre { white-space: pre-wrap; word-break: break-word; background:#0b1220; padding:12px; border-radius:8px; font-size:16px; }
  .badge { display:inline-block; padding:2px 12px; border-radius:999px; font-weight:700; font-size:18px; background:var(--sky); color:#0b1220; }
  .badge.canary, .badge.green { background:var(--green); } .badge.error { background:var(--red); } .badge.idle { background:#334155; color:var(--ink); }
  .status { font-size: 32px; font-weight: 800; }
  a { color: var(--orange); }
  label.inline { display:flex; gap:12px; align-items:center; color:var(--ink); } label.inline input { width:auto; }
</style>
</head>
<body>
<header><h1>Courier</h1><span>Send a parcel and watch which version answers.</span><a class="nav" href="/control-room">Control room →</a></header>
<main>
  <section>
    <h2>1. Create a user</h2>
    <form id="user-form">
      <label for="user-name">Name</label><input id="user-name" name="name" required maxlength="200" value="Ada Lovelace">
      <label for="user-email">Email</label><input id="user-email" name="email" type="email" required maxlength="254">
      <button type="submit">Create user</button>
    </form>
    <p>Answered by <span class="badge idle" id="user-badge">–</span></p>
    <pre id="user-out" aria-live="polite"></pre>
  </section>
  <section>
    <h2>2. Send a parcel</h2>
    <form id="delivery-form">
      <label for="owner-id">Owner id</label><input id="owner-id" name="ownerId" required>
      <label for="pickup">Pickup address</label><input id="pickup" name="pickupAddress" required value="1 Market St">
      <label for="dropoff">Drop-off address</label><input id="dropoff" name="dropoffAddress" required value="500 Harbour Rd">
      <label for="distance">Distance (km)</label><input id="distance" name="distanceKm" type="number" min="0.1" step="0.1" required value="7.5">
      <button type="submit">Create delivery</button>
    </form>
    <p>Served by <span class="badge idle" id="delivery-badge">–</span></p>
    <pre id="delivery-out" aria-live="polite"></pre>
  </section>
  <section>
    <h2>3. Track it</h2>
    <label for="delivery-id">Delivery id</label><input id="delivery-id">
    <p class="status" id="status">–</p>
    <p id="eta">ETA –</p>
    <label for="event">Next event</label>
    <select id="event"><option>ASSIGN</option><option>PICK_UP</option><option>DEPART</option><option>DELIVER</option><option>CANCEL</option></select>
    <button id="apply-event" type="button">Apply event</button>
    <button id="refresh" type="button">Refresh</button>
    <label class="inline"><input id="follow" type="checkbox" checked> Follow live (refresh every 2 s)</label>
    <p>Served by <span class="badge idle" id="track-badge">–</span></p>
    <pre id="track-out" aria-live="polite"></pre>
  </section>
</main>
<script src="/assets/home.js" defer></script>
</body>
</html>
`;
