/**
 * Log in, and first-start setup with the one-time token from serve's setup link. Errors (a wrong password, the
 * backoff after several, a used token) show the server's own message as text.
 */
import { useState } from 'preact/hooks';
import { ApiError, post, setCsrfToken } from '../api.ts';
import type { Session } from '../types.ts';

interface LoggedIn {
  username: string;
  csrfToken: string;
}

function started(answer: LoggedIn): Session {
  setCsrfToken(answer.csrfToken);
  return { kind: 'session', username: answer.username, canWrite: true, csrfToken: answer.csrfToken };
}

/** Only paths inside the dashboard: `next` comes from the address bar and could point anywhere. */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/api/') ? next : '/';
}

function AuthForm({
  id,
  heading,
  intro,
  button,
  submit,
}: {
  id: string;
  heading: string;
  intro?: string;
  button: string;
  submit: (username: string, password: string) => Promise<void>;
}) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setMessage('');
    try {
      await submit(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : String(error));
      setBusy(false);
    }
  };
  const isSetup = id === 'setup';
  return (
    <main class="auth">
      <p class="brand">iotwarden</p>
      <h1>{heading}</h1>
      {intro ? <p>{intro}</p> : null}
      <form id={id} onSubmit={onSubmit}>
        <label>
          Username
          <input name="username" autocomplete="username" required maxLength={64} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete={isSetup ? 'new-password' : 'current-password'}
            required
            minLength={isSetup ? 12 : 1}
            maxLength={256}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Please wait…' : button}
        </button>
        <p role="alert" id="message">
          {message}
        </p>
      </form>
    </main>
  );
}

export function LoginPage({ onSession }: { onSession: (session: Session) => void }) {
  document.title = 'Log in · iotwarden';
  return (
    <AuthForm
      id="login"
      heading="Log in"
      button="Log in"
      submit={async (username, password) => {
        onSession(started(await post<LoggedIn>('/api/login', { username, password })));
        history.replaceState(null, '', nextPath());
      }}
    />
  );
}

export function SetupPage({ onSession }: { onSession: (session: Session) => void }) {
  document.title = 'Set up · iotwarden';
  return (
    <AuthForm
      id="setup"
      heading="Create the owner account"
      intro="This link works once. The password needs at least 12 characters."
      button="Create account"
      submit={async (username, password) => {
        const token = new URLSearchParams(location.search).get('token') ?? '';
        onSession(started(await post<LoggedIn>('/api/setup', { token, username, password })));
        history.replaceState(null, '', '/');
      }}
    />
  );
}
