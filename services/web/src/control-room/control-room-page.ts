/**
 * The control room's HTML shell; the bundle (browser/control-room) fills it from the live feed.
 * Served from web itself, so it works through the gateway exactly like the customer page.
 */
export const CONTROL_ROOM_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Courier control room</title>
<link rel="stylesheet" href="/assets/control-room.css">
<script src="/assets/control-room.js" defer></script>
</head>
<body>
<header class="top">
  <h1>Courier control room</h1>
  <a href="/">Customer page</a>
  <span id="source" class="muted">connecting …</span>
  <span id="mesh" class="muted"></span>
  <span id="live" class="live" role="status" aria-live="polite">○ offline</span>
</header>
<main>
  <section class="bar" aria-label="Load and rollout settings">
    <div class="group">
      <button id="load-toggle" type="button" aria-pressed="false">Load: off</button>
      <label for="load-rps">Requests/s <output id="load-rps-value" for="load-rps">30</output></label>
      <input id="load-rps" type="range" min="5" max="200" step="5" value="30">
      <span id="load-stats" class="muted"></span>
    </div>
    <div class="group">
      <label for="interval">Step length (s)</label>
      <input id="interval" type="number" min="1" max="600" value="15">
      <label for="steps">Canary steps (%)</label>
      <input id="steps" value="10,50,100" size="10">
      <label for="fault-rate">Bad mode: errors (%)</label>
      <input id="fault-rate" type="number" min="0" max="100" value="20">
      <label for="fault-delay">+ latency (ms)</label>
      <input id="fault-delay" type="number" min="0" max="60000" value="150">
    </div>
    <p id="message" class="message" role="alert"></p>
  </section>
  <div id="services"></div>
</main>
</body>
</html>
`;
