/**
 * Where `npm start` serves its admin APIs. The CLI reads the same variables the stack does
 * (tools/stack/src/stack-options.ts), so a stack started on other ports is found without flags.
 */
export const stackAdminUrl = (env: NodeJS.ProcessEnv = process.env) => `http://127.0.0.1:${env.STACK_ADMIN_PORT || 8079}`;
export const meshAdminUrl = (env: NodeJS.ProcessEnv = process.env) => `http://127.0.0.1:${env.MESH_ADMIN_PORT || 15020}`;
