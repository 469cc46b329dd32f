// Sign-in: the admin (or any API) token is posted once to /api/session, which answers with
// an HttpOnly session cookie. The token is never stored by the page.
import { el, announce } from './dom.mjs';
import { api, ApiError } from './api.mjs';

/**
 * Renders the sign-in form into `root`; calls onSignedIn(session) after a successful sign-in.
 */
export function renderLogin(root, { onSignedIn }) {
  const error = el('p', { class: 'field-error', id: 'token-error', hidden: true });
  const input = el('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'current-password',
    required: true, spellcheck: 'false', 'aria-describedby': 'token-help token-error',
  });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = el('form', { class: 'card login', novalidate: true },
    el('h2', null, 'Sign in'),
    el('div', { class: 'field' },
      el('label', { for: 'token' }, 'Access token'),
      el('p', { class: 'help', id: 'token-help' },
        'The admin token the server printed at its first start (it begins with cit_).'),
      input,
      error),
    el('div', { class: 'actions' }, submit));

  const showError = (message) => {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    announce(message, { assertive: true });
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return showError('Enter the access token.');
    submit.disabled = true;
    try {
      const session = await api.signIn(token);
      input.value = '';
      onSignedIn(session);
    } catch (e) {
      showError(e instanceof ApiError && e.status === 401 ? 'This token is not valid.' : e.message);
    } finally {
      submit.disabled = false;
    }
  });

  root.replaceChildren(form);
  input.focus();
}
