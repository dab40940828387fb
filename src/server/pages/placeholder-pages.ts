/**
 * The pages served until the dashboard is built: a login form, the setup form and a home page that says the
 * dashboard is not built and where the API is. No inline script or style (the CSP forbids both): the forms are
 * driven by /assets/auth.js and styled by /assets/placeholder.css, both served from this origin.
 */

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · iotwarden</title>
<link rel="stylesheet" href="/assets/placeholder.css">
<script type="module" src="/assets/auth.js"></script>
</head>
<body>
<main>
<h1>iotwarden</h1>
${body}
</main>
</body>
</html>
`;

const form = (id: string, button: string, extra = ''): string => `<form id="${id}">
${extra}<label>Username <input name="username" autocomplete="username" required maxlength="64"></label>
<label>Password <input name="password" type="password" autocomplete="${id === 'setup' ? 'new-password' : 'current-password'}" required minlength="${id === 'setup' ? 12 : 1}" maxlength="256"></label>
<button type="submit">${button}</button>
<p role="alert" id="message"></p>
</form>`;

export const LOGIN_PAGE = page('Log in', `<h2>Log in</h2>\n${form('login', 'Log in')}`);

export const SETUP_PAGE = page(
  'Set up',
  `<h2>Create the owner account</h2>
<p>This link works once. The password needs at least 12 characters.</p>
${form('setup', 'Create account')}`,
);

export const PLACEHOLDER_HOME = page(
  'Dashboard not built',
  `<h2>The dashboard is not built yet</h2>
<p>iotwarden serve is running: it scans, imports DNS queries, checks firmware and sends notifications on its
schedule. The web dashboard has not been built into this installation yet.</p>
<p>Everything it will show is available from the API now: <a href="/api/openapi.json">/api/openapi.json</a>
describes every route; <a href="/api/summary">/api/summary</a> is the home at a glance.</p>
<form id="logout"><button type="submit">Log out</button><p role="alert" id="message"></p></form>`,
);

export const PLACEHOLDER_CSS = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
main { max-width: 32rem; margin: 3rem auto; padding: 0 1rem; }
label { display: block; margin: 0.75rem 0; }
input { display: block; width: 100%; padding: 0.4rem; box-sizing: border-box; }
button { margin-top: 0.5rem; padding: 0.4rem 1rem; }
#message { min-height: 1.5em; }
`;

/** Posts the forms as JSON; errors show as text (textContent: nothing from the server is parsed as HTML). */
export const AUTH_JS = `const post = async (path, body, csrf) => {
  const headers = { 'content-type': 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer?.error?.message ?? 'HTTP ' + response.status);
  return answer.data;
};
const show = (text) => { const m = document.getElementById('message'); if (m) m.textContent = text; };
const nextPath = () => {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
};
const wire = (id, submit) => {
  const form = document.getElementById(id);
  if (!form) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    show('');
    try { await submit(Object.fromEntries(new FormData(form))); } catch (error) { show(error.message); }
  });
};
wire('login', async (fields) => { await post('/api/login', fields); location.assign(nextPath()); });
wire('setup', async (fields) => {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  await post('/api/setup', { ...fields, token });
  location.assign('/');
});
wire('logout', async () => {
  const session = await (await fetch('/api/session', { credentials: 'same-origin' })).json();
  await post('/api/logout', {}, session?.data?.csrfToken);
  location.assign('/login');
});
`;
