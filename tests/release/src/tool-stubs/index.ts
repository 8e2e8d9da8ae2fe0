export { createToolStubs, type ToolStubs } from './create-tool-stubs';
export type { ToolBackend, ToolCall, ToolReply } from './tool-call';
