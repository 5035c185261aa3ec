/** What a browser without a session meets: a page that explains, and the script that exchanges `#token=` for a session. */
export const UNAUTHORIZED_TEXT = 'This studio needs its token. Open the link `hls-studio serve` printed (it ends in #token=…), or send Authorization: Bearer <token>.'

export const LOGIN_SCRIPT_PATH = '/api/login.js'

export const LOGIN_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>HLS Studio</title><script src="${LOGIN_SCRIPT_PATH}" defer></script></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>HLS Studio</h1><p id="login-status">${UNAUTHORIZED_TEXT.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>
</body></html>
`

/**
 * Takes the token out of the address (and so out of history) before anything else, posts it
 * for the session cookie, then loads the studio.
 */
export const LOGIN_SCRIPT = `(() => {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (!match) return
  history.replaceState(null, '', location.pathname + location.search)
  const status = document.getElementById('login-status')
  status.textContent = 'Logging in…'
  fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: decodeURIComponent(match[1]) }) })
    .then((answer) => answer.ok ? location.reload() : answer.json().then((body) => { status.textContent = body.error.message }))
    .catch(() => { status.textContent = 'The studio did not answer. Is hls-studio serve still running?' })
})()
`
