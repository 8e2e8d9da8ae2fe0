/** Where this origin's page keeps the control token (localStorage is per origin, port included). */
const TOKEN_KEY = 'courier-control-token';

/**
 * Sends the control room's actions to web's control API with the run's control token as a bearer
 * token. `npm start` prints a link whose fragment carries it (`#token=…`): a fragment never leaves
 * the browser, so the token reaches no log and no Referer. The page keeps it for this origin and
 * takes it out of the address bar. A 401 (a new run, a new token) asks for it once and retries.
 */
export class ControlClient {
  constructor(private readonly onMessage: (text: string, isError: boolean) => void) {
    adoptTokenFromLink();
  }

  async send(method: 'POST' | 'PUT', path: string, body: unknown, done: string): Promise<unknown> {
    let res = await this.call(method, path, body);
    if (res.status === 401) {
      const token = window.prompt('Control token: open the control room link npm start printed, or paste the token from .data/control-token') ?? '';
      if (token.trim()) {
        localStorage.setItem(TOKEN_KEY, token.trim());
        res = await this.call(method, path, body);
      }
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as { detail?: string }) : {};
    if (!res.ok) {
      this.onMessage(`${res.status}: ${parsed.detail ?? res.statusText}`, true);
      return undefined;
    }
    this.onMessage(done, false);
    return parsed;
  }

  private call(method: string, path: string, body: unknown): Promise<Response> {
    const token = localStorage.getItem(TOKEN_KEY);
    return fetch(path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  }
}

/** Keeps the token from a `#token=…` link and removes it from the address bar (and the history). */
function adoptTokenFromLink(): void {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (!token) return;
  localStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', window.location.pathname + window.location.search);
}
