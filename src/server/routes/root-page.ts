/** `GET /`: a small page until the web cockpit exists (issue 9): the API links and, with a token, your programs. */

/** The page's HTML (static: the program list is fetched with the token the user pastes, so nothing leaks). */
export function rootPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vantage</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .3em}input{width:28rem}</style>
</head><body>
<h1>Vantage</h1>
<p>The program cockpit's API is running. The web cockpit comes later; until then use the API or the CLI.</p>
<ul>
<li><a href="/api/openapi.json">/api/openapi.json</a>: every route (OpenAPI 3.1)</li>
<li><a href="/healthz">/healthz</a> and <a href="/readyz">/readyz</a></li>
<li><code>GET /api/programs</code>, <code>/api/programs/{id}/schedule</code>, <code>/forecast</code>, <code>/brief</code>, … with <code>Authorization: Bearer &lt;token&gt;</code></li>
</ul>
<h2>Your programs</h2>
<p><label>Token <input id="token" type="password" autocomplete="off" placeholder="vt_…"></label> <button id="go">List</button></p>
<ul id="programs"></ul>
<script>
const list = document.getElementById('programs');
async function show() {
  const token = document.getElementById('token').value.trim();
  list.textContent = '';
  const res = await fetch('/api/programs', { headers: { Authorization: 'Bearer ' + token } });
  const body = await res.json();
  if (!res.ok) { list.textContent = body.error ? body.error.message : res.statusText; return; }
  for (const p of body.programs) {
    const li = document.createElement('li');
    li.textContent = p.name + ' (' + p.id + ', version ' + p.version + ', ' + p.items + ' items) ';
    for (const engine of ['schedule', 'forecast', 'brief']) {
      const a = document.createElement('code');
      a.textContent = '/api/programs/' + p.id + '/' + engine + ' ';
      li.append(a);
    }
    list.append(li);
  }
}
document.getElementById('go').addEventListener('click', () => void show());
</script>
</body></html>
`;
}
