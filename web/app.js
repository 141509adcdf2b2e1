// The console's entry point: client-side routing over the bookmarkable
// paths the server answers with index.html, the token status in the top bar,
// and a last-resort error message so a page is never left blank.
import { adminToken, setAdminToken } from './api.js';
import { clear, el } from './dom.js';
import * as games from './games.js';
import * as observer from './observer.js';
import * as replay from './replay.js';
import * as logs from './logs.js';
import * as admin from './admin.js';
import * as tournaments from './tournaments.js';

const ID = '([A-Za-z0-9_-]{1,64})';
const routes = [
  [/^\/$/, games],
  [new RegExp(`^/games/${ID}$`), observer],
  [new RegExp(`^/games/${ID}/replay$`), replay],
  [new RegExp(`^/games/${ID}/logs$`), logs],
  [/^\/tournaments$/, tournaments],
  [/^\/tournaments\/([A-Za-z0-9_-]{1,40})$/, tournaments],
  [/^\/admin$/, admin],
];

const root = document.getElementById('page');
let cleanup = null;

function showFatal(message) {
  const banner = el('div', { class: 'error fatal', role: 'alert' }, message);
  root.prepend(banner);
}

async function route() {
  if (cleanup) {
    try { cleanup(); } catch { /* the old page is gone either way */ }
    cleanup = null;
  }
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const match = routes.find(([re]) => re.test(path));
  for (const a of document.querySelectorAll('.topbar nav a')) {
    const href = a.getAttribute('href');
    a.classList.toggle('active', href === '/' ? path === '/' : path.startsWith(href));
  }
  clear(root);
  if (!match) {
    clear(root, el('div', { class: 'error', role: 'alert' },
      `No page at ${path}. `, el('a', { href: '/' }, 'Back to the games.')));
    return;
  }
  const [re, page] = match;
  const params = path.match(re).slice(1);
  try {
    cleanup = (await page.render(root, params, route)) || null;
  } catch (err) {
    showFatal(`This page failed: ${err.message || err}`);
  }
}

function renderTokenStatus() {
  const span = document.getElementById('token-status');
  if (!adminToken()) {
    clear(span, el('span', { class: 'muted' }, 'no admin token'));
    return;
  }
  clear(span, 'admin token set ',
    el('button', {
      class: 'link',
      onclick: () => { setAdminToken(''); route(); },
    }, 'forget'));
}

// Same-origin links navigate without reloading the page.
document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey ||
      e.shiftKey || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  e.preventDefault();
  if (url.pathname !== location.pathname) history.pushState({}, '', url.pathname);
  route();
});
window.addEventListener('popstate', route);
window.addEventListener('fourex-token', renderTokenStatus);
window.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  showFatal(`Something failed: ${e.reason && e.reason.message || e.reason}`);
});

renderTokenStatus();
route();
