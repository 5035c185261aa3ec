/** `/api/v1/docs`: the OpenAPI document as a page a person reads, rendered here (no script, no CDN). */
type Json = Record<string, unknown>

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Descriptions are written with `code` in backticks, as in the README. */
function prose(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

function schemaBlock(schema: unknown): string {
  return `<pre>${escape(JSON.stringify(schema, null, 2))}</pre>`
}

function operationHtml(path: string, method: string, op: Json): string {
  const parameters = (op.parameters ?? []) as Json[]
  const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined
  const responses = op.responses as Record<string, Json>
  return `<section id="${escape(String(op.operationId))}">
<h3><span class="method">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p><strong>${escape(String(op.summary ?? ''))}</strong></p>${op.description ? `<p>${prose(String(op.description))}</p>` : ''}
${parameters.length ? `<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Description</th></tr>${parameters.map((p) => `<tr><td><code>${escape(String(p.name))}</code></td><td>${escape(String(p.in))}</td><td>${p.required ? 'yes' : 'no'}</td><td>${prose(String(p.description ?? ''))}</td></tr>`).join('')}</table>` : ''}
${body ? Object.entries(body).map(([type, content]) => `<details><summary>Body (${escape(type)})</summary>${schemaBlock(content.schema)}</details>`).join('') : ''}
<ul>${Object.entries(responses).map(([status, answer]) => `<li><code>${status}</code> ${escape(String(answer.description ?? ''))}</li>`).join('')}</ul>
</section>`
}

export function docsPage(document: Json): string {
  const info = document.info as Json
  const paths = document.paths as Record<string, Record<string, Json>>
  const operations = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => operationHtml(path, method, op)))
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(String(info.title))}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1f; }
pre { background: #f4f4f6; padding: .75rem; overflow-x: auto; font-size: 13px; }
table { border-collapse: collapse; width: 100%; display: block; overflow-x: auto; }
td, th { border-bottom: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
.method { display: inline-block; min-width: 4.5rem; font-family: ui-monospace, monospace; color: #fff; background: #3b5bdb; border-radius: 4px; padding: 0 .4rem; }
section { border-top: 1px solid #ccc; padding-top: .5rem; margin-top: 1.5rem; }
h3 code { word-break: break-all; }
@media (prefers-color-scheme: dark) { body { background: #17171b; color: #e8e8ee; } pre { background: #24242a; } td, th { border-color: #333; } }
</style></head>
<body><h1>${escape(String(info.title))} <small>${escape(String(info.version))}</small></h1>
<p>${prose(String(info.description ?? ''))}</p>
<p>The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
${operations.join('\n')}
</body></html>
`
}
