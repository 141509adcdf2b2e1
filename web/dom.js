// Small DOM helpers shared by the pages: element builder, messages, the
// admin-token form, number and time formatting.
import { adminToken, describe, isAuthError, setAdminToken } from './api.js';

// el('div', {class: 'x', onclick: f}, child, 'text', ...)
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function clear(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c != null && c !== false));
  return node;
}

// An error box; a 401/403 also offers the token form again.
export function errorBox(err, what, onToken) {
  const box = el('div', { class: 'error', role: 'alert' }, describe(err, what));
  if (isAuthError(err) && onToken) box.append(tokenForm(onToken));
  return box;
}

// Asks for the admin token once; it lives in sessionStorage until the tab
// closes. onDone runs after it is stored.
export function tokenForm(onDone) {
  const input = el('input', {
    type: 'password', name: 'admin-token', autocomplete: 'off',
    placeholder: 'admin token', required: true, size: 40,
  });
  return el('form', {
    class: 'token-form',
    onsubmit: (e) => {
      e.preventDefault();
      setAdminToken(input.value.trim());
      onDone();
    },
  },
  el('label', {}, 'Admin token (ADMIN_TOKEN, or the one `fourex serve` printed): ',
    input),
  el('button', { type: 'submit' }, 'Use token'),
  el('p', { class: 'muted' }, 'Kept for this browser session only.'));
}

// Renders the token form into `root` when none is stored; true when one is.
export function needToken(root, onDone) {
  if (adminToken()) return true;
  clear(root, el('section', { class: 'card' },
    el('h2', {}, 'Admin token needed'),
    el('p', {}, 'This page reads data only the admin may see.'),
    tokenForm(onDone)));
  return false;
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function fmtNum(n, digits = 0) {
  if (n === undefined || n === null || Number.isNaN(n)) return '—';
  return Number(n).toLocaleString(undefined, {
    maximumFractionDigits: digits, minimumFractionDigits: 0,
  });
}

export function gameTabs(gameId, current) {
  const tab = (href, label, key) => el('a', {
    href, class: key === current ? 'tab active' : 'tab',
  }, label);
  return el('nav', { class: 'tabs' },
    tab(`/games/${gameId}`, 'Observer', 'observer'),
    tab(`/games/${gameId}/replay`, 'Replay', 'replay'),
    tab(`/games/${gameId}/logs`, 'Prompt logs', 'logs'));
}
