import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  /** True for Istio-mirrored traffic; writes must not persist. */
  shadow: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with a request's context available to everything it calls, however deep. */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Headers an outbound call must carry so the callee's logs join up with ours. */
export function outboundContextHeaders(): Record<string, string | undefined> {
  return { 'x-request-id': storage.getStore()?.requestId };
}
