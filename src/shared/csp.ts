/**
 * The renderer's Content-Security-Policy, one text for every place it is set: the meta tag of
 * src/renderer/index.html (a test keeps them equal), the header of `serve`, and the header the
 * desktop session adds. No 'unsafe-eval' anywhere; inline styles only, for React's style props.
 * Media may come from the bucket (https/http), the playback proxy (http on loopback), the
 * desktop's studio-media: protocol, and blob: (MSE).
 */
export const RENDERER_CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http: studio-media:",
  "media-src 'self' blob: https: http: studio-media:",
  "connect-src 'self' ws: wss: https: http: studio-media:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'"
] as const

/** As the meta tag carries it (a meta CSP cannot set frame-ancestors). */
export const RENDERER_CSP = RENDERER_CSP_DIRECTIVES.join('; ')
/** As a response header: the page may not be framed by another site either. */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`
