/**
 * A batch id made in the page (`batch-<uuid v4>`). crypto.randomUUID only exists in secure
 * contexts, and `serve` on a LAN address is plain http, so the UUID is built from
 * crypto.getRandomValues, which every context has.
 */
export function newBatchId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `batch-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
