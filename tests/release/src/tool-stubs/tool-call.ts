/**
 * One run of a stubbed program (helm, kubectl, az, …) as the stub saw it. The same shape as the
 * cluster simulator's ToolCall, so a simulator's handle() is a ToolBackend as it is.
 */
export interface ToolCall {
  tool: string;
  args: string[];
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Only when stdin was a pipe or file (`a | helm … --password-stdin`, `kubectl apply -f - < x`). */
  stdin?: string;
}

export interface ToolReply {
  code: number;
  stdout: string;
  stderr: string;
  /** Long-running programs (port-forward, a probing exec): the stub prints stdout, stays alive until killed, then calls close(). */
  hold?: { close(): Promise<void> };
}

export type ToolBackend = (call: ToolCall) => Promise<ToolReply>;
