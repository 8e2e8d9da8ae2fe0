export { createToolStubs, type ToolStubs } from './create-tool-stubs';
export { fail, ok, type ToolBackend, type ToolCall, type ToolReply } from './tool-call';
