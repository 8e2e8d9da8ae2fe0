import { type HeaderOperations } from './istio-objects';

export type MutableHeaders = Record<string, string | string[] | undefined>;

/**
 * Istio's `headers.request` / `headers.response` operations: `set` overwrites, `add` appends to
 * an existing value (as a comma-separated list) or creates it, `remove` deletes. Applied in
 * that order, as Envoy applies request_headers_to_add and then _to_remove.
 */
export class HeaderMutation {
  static readonly NONE = new HeaderMutation(undefined, 'none');

  private readonly set: Array<[string, string]>;
  private readonly add: Array<[string, string]>;
  private readonly remove: string[];
  readonly isEmpty: boolean;

  constructor(operations: HeaderOperations | undefined, where: string) {
    if (operations !== undefined && (operations === null || typeof operations !== 'object')) throw new Error(`${where}: expected set/add/remove`);
    this.set = entries(operations?.set, `${where}.set`);
    this.add = entries(operations?.add, `${where}.add`);
    if (operations?.remove !== undefined && !Array.isArray(operations.remove)) throw new Error(`${where}.remove: expected a list of header names`);
    this.remove = (operations?.remove ?? []).map((name) => String(name).toLowerCase());
    this.isEmpty = this.set.length === 0 && this.add.length === 0 && this.remove.length === 0;
  }

  applyTo(headers: MutableHeaders): void {
    if (this.isEmpty) return;
    for (const [name, value] of this.set) headers[name] = value;
    for (const [name, value] of this.add) {
      const existing = headers[name];
      headers[name] = existing === undefined ? value : `${Array.isArray(existing) ? existing.join(',') : existing},${value}`;
    }
    for (const name of this.remove) delete headers[name];
  }
}

function entries(map: Record<string, string> | undefined, where: string): Array<[string, string]> {
  if (map === undefined || map === null) return [];
  if (typeof map !== 'object' || Array.isArray(map)) throw new Error(`${where}: expected a map of header name to value`);
  return Object.entries(map).map(([name, value]) => [name.toLowerCase(), String(value)]);
}
