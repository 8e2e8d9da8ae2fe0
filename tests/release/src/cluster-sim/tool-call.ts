/** One run of `helm` or `kubectl`, as a PATH shim or an in-process runner saw it. */
export interface ToolCall {
  tool: string;
  args: string[];
  cwd: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
}

export interface ToolReply {
  code: number;
  stdout: string;
  stderr: string;
  /**
   * For long-running commands (kubectl port-forward, a probing kubectl exec): the caller keeps the
   * process alive after printing stdout, and calls close() when it is killed or the test ends.
   */
  hold?: { close(): Promise<void> };
}

export const ok = (stdout = ''): ToolReply => ({ code: 0, stdout, stderr: '' });

/** A failure as the real tools print it: the message on stderr, exit 1. */
export const fail = (stderr: string, code = 1): ToolReply => ({ code, stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n` });
