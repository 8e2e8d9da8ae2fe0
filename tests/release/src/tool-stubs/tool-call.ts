/**
 * One run of a stubbed program (helm, kubectl, az, …) as the stub saw it. The cluster simulator
 * answers the same type (cluster-sim/tool-call.ts re-exports it).
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

export const ok = (stdout = ''): ToolReply => ({ code: 0, stdout, stderr: '' });

/** A failure as the real tools print it: the message on stderr, exit 1. */
export const fail = (stderr: string, code = 1): ToolReply => ({ code, stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n` });
