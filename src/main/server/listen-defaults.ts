/** Where `serve` listens unless told otherwise; apart from server.ts so `--help` can show them without loading Fastify. */
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 8686
