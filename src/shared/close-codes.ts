/**
 * WebSocket close codes the studio uses, shared by serve and the browser client. 4000–4999
 * are the application's own (RFC 6455 §7.4.2); these mirror HTTP 401 and 403.
 */
export const WS_CLOSE_UNAUTHORIZED = 4401
export const WS_CLOSE_FOREIGN_ORIGIN = 4403
