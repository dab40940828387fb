/** What a page shows while it loads, when it failed (and what to do), and a severity badge. */
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api.ts';
import { severityClass } from '../format.ts';

/** Advice per error code: an error state says what to do next, not only what broke. */
const ADVICE: Record<string, string> = {
  ERR_NETWORK: 'Check that iotwarden serve is still running, then reload the page.',
  ERR_AUTH_REQUIRED: 'Your session ended. Log in again.',
  ERR_CSRF: 'Reload the page and try again; the session token was refused.',
  ERR_FORBIDDEN: 'This needs a session with write access.',
  ERR_NOT_FOUND: 'It may have been removed; go back to the list.',
  ERR_NO_CONFIG: 'Scan the device with its credentials configured so its settings can be read.',
  ERR_VALIDATION: 'Correct the highlighted value and try again.',
};

export function ErrorBox({ error, title = 'Something went wrong' }: { error: ApiError; title?: string }) {
  const advice = ADVICE[error.code];
  return (
    <div class="error" role="alert">
      <strong>{title}</strong>
      <p>
        {error.message} <code>{error.code}</code>
      </p>
      {advice ? <p>{advice}</p> : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Severity({ severity }: { severity: string }) {
  return <span class={severityClass(severity)}>{severity}</span>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A page's heading and body; sets the document title (text only). */
export function Page({
  title,
  children,
  actions,
}: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  document.title = `${title} · iotwarden`;
  return (
    <section aria-labelledby="page-title">
      <header class="page-head">
        <h1 id="page-title">{title}</h1>
        {actions ? <div class="actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}
