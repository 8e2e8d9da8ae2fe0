import 'uplot/dist/uPlot.min.css';
import './control-room.css';
import type { ControlRoomSnapshot, HistoryPoint } from '../../src/control-room/control-room-snapshot';
import { ControlClient } from './control-client';
import { byId } from './dom';
import { PRESENTER } from './presenter';
import { ServiceCard } from './service-card';

/**
 * The control room: one card per service, fed by the server's event stream (a snapshot a second),
 * and the buttons that start, promote and abort rollouts, toggle bad mode and drive the load.
 */
document.body.classList.toggle('presenter', PRESENTER);
const cards = new Map<string, ServiceCard>();
const message = byId('message');
const client = new ControlClient((text, isError) => {
  message.textContent = text;
  message.className = `message ${isError ? 'error' : 'ok'}`;
});
const numberIn = (id: string) => Number(byId<HTMLInputElement>(id).value);

const actions = {
  start(service: string, strategy: 'canary' | 'bluegreen' | 'mirror') {
    const steps = byId<HTMLInputElement>('steps').value.split(',').map((s) => Number(s.trim()));
    const body = { strategy, intervalSeconds: numberIn('interval'), ...(strategy === 'canary' ? { steps } : {}) };
    void client.send('POST', `/api/rollouts/${service}`, body, `${service}: ${strategy} started`);
  },
  control(service: string, action: 'promote' | 'abort') {
    void client.send('POST', `/api/rollouts/${service}/${action}`, {}, `${service}: ${action} requested`);
  },
  toggleBadMode(service: string, version: string, on: boolean) {
    const faults = on ? { errorRate: numberIn('fault-rate') / 100, delayMs: numberIn('fault-delay') } : { errorRate: 0, delayMs: 0 };
    void client.send('PUT', `/api/rollouts/${service}/versions/${version}/faults`, faults, `${service} ${version}: restarting with bad mode ${on ? 'on' : 'off'} …`);
  },
};

function cardFor(service: string): ServiceCard {
  let card = cards.get(service);
  if (!card) {
    card = new ServiceCard(service, actions);
    cards.set(service, card);
    byId('services').append(card.element);
  }
  return card;
}

let history: HistoryPoint[] = [];
let loadRunning = false;

function render(snapshot: ControlRoomSnapshot): void {
  byId('source').textContent = `data: ${snapshot.source}${snapshot.actions.note ? ` · ${snapshot.actions.note}` : ''}`;
  byId('mesh').textContent = snapshot.mesh;
  const live = byId('live');
  live.textContent = snapshot.error ? `● stale: ${snapshot.error}` : `● live ${new Date(snapshot.at).toLocaleTimeString()}`;
  live.className = snapshot.error ? 'live stale' : 'live on';
  if (snapshot.error) return;
  for (const view of snapshot.services) {
    const isNew = !cards.has(view.service);
    const card = cardFor(view.service);
    if (isNew) card.resetHistory(history);
    card.update(view, snapshot.at, snapshot.actions.enabled);
  }
  const toggle = byId<HTMLButtonElement>('load-toggle');
  toggle.disabled = !snapshot.actions.enabled;
  if (snapshot.load) {
    loadRunning = snapshot.load.running;
    toggle.textContent = loadRunning ? `Load: on (${snapshot.load.rps} req/s)` : 'Load: off';
    toggle.setAttribute('aria-pressed', String(loadRunning));
    toggle.className = loadRunning ? 'go' : '';
    byId('load-stats').textContent = snapshot.load.sent > 0 ? `${snapshot.load.sent} journeys sent, ${snapshot.load.failed} failed` : '';
  }
}

function connect(): void {
  const events = new EventSource('/api/control-room/events');
  events.addEventListener('history', (event) => {
    history = JSON.parse((event as MessageEvent<string>).data) as HistoryPoint[];
    for (const card of cards.values()) card.resetHistory(history);
  });
  events.addEventListener('snapshot', (event) => render(JSON.parse((event as MessageEvent<string>).data) as ControlRoomSnapshot));
  // The server ends each stream after a few seconds (route timeouts); EventSource reconnects by itself.
  events.addEventListener('error', () => {
    const live = byId('live');
    if (events.readyState === EventSource.CLOSED) {
      live.textContent = '○ offline — retrying';
      live.className = 'live stale';
      setTimeout(connect, 2000);
    }
  });
}

const slider = byId<HTMLInputElement>('load-rps');
slider.addEventListener('input', () => (byId('load-rps-value').textContent = slider.value));
slider.addEventListener('change', () => {
  if (loadRunning) void client.send('PUT', '/api/load', { rps: Number(slider.value) }, `load: ${slider.value} req/s`);
});
byId('load-toggle').addEventListener('click', () => {
  const rps = loadRunning ? 0 : Number(slider.value);
  void client.send('PUT', '/api/load', { rps }, rps ? `load on: ${rps} req/s` : 'load off');
});
connect();
