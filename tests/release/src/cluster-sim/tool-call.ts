// One shape for a tool call on both sides: the stubs that forward it and this simulator that
// answers it, so a simulator's handle() is a ToolBackend as it is.
export { fail, ok, type ToolCall, type ToolReply } from '../tool-stubs/tool-call';
