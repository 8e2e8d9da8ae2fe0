/**
 * Sends the control room's actions to web's control API. The demo token (when the deployment
 * needs one) is kept for this tab only; a 401 asks for it once and retries.
 */
export class ControlClient {
  constructor(private readonly onMessage: (text: string, isError: boolean) => void) {}

  async send(method: 'POST' | 'PUT', path: string, body: unknown, done: string): Promise<unknown> {
    let res = await this.call(method, path, body);
    if (res.status === 401) {
      const token = window.prompt('Control token (CONTROL_TOKEN)') ?? '';
      if (token) {
        sessionStorage.setItem('courier-control-token', token);
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
    const token = sessionStorage.getItem('courier-control-token');
    return fetch(path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  }
}
