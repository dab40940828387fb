/**
 * The dashboard: asks who is logged in, then shows the login or setup form, or the app shell with the page the
 * path names. Everything is rendered by Preact as text nodes and attributes; nothing is ever parsed as HTML, so a
 * device's name, banner or evidence cannot become markup (and the CSP forbids inline script as a second wall).
 */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, setCsrfToken } from './api.ts';
import { Shell } from './components/shell.tsx';
import { ErrorBox, Loading } from './components/status.tsx';
import { LoginPage, SetupPage } from './pages/login.tsx';
import { useLocation } from './router.ts';
import { applyTheme } from './theme.ts';
import type { Session } from './types.ts';

type SessionState =
  | { kind: 'checking' }
  | { kind: 'anonymous' }
  | { kind: 'in'; session: Session }
  | { kind: 'error'; error: ApiError };

/**
 * Who is logged in, asked as the script starts (the page's preload hint has usually asked already), not after the
 * first render has been painted.
 */
let sessionAtStart: Promise<Session> | undefined = location.pathname === '/setup' ? undefined : get('/api/session');
sessionAtStart?.catch(() => undefined);

function App() {
  const { path } = useLocation();
  const [state, setState] = useState<SessionState>({ kind: 'checking' });
  useEffect(() => {
    if (path === '/setup') {
      setState({ kind: 'anonymous' });
      return;
    }
    const asked = sessionAtStart ?? get<Session>('/api/session');
    sessionAtStart = undefined;
    asked.then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setState({ kind: 'in', session });
      },
      (error: unknown) =>
        setState(
          error instanceof ApiError && error.status === 401
            ? { kind: 'anonymous' }
            : {
                kind: 'error',
                error: error instanceof ApiError ? error : new ApiError('ERR_CLIENT', String(error), 0),
              },
        ),
    );
  }, []);

  const onSession = (session: Session) => setState({ kind: 'in', session });
  if (state.kind === 'checking') return <Loading what="iotwarden" />;
  if (state.kind === 'error') return <ErrorBox error={state.error} title="The dashboard cannot start" />;
  if (path === '/setup' && state.kind === 'anonymous') return <SetupPage onSession={onSession} />;
  if (state.kind === 'anonymous') return <LoginPage onSession={onSession} />;
  return <Shell session={state.session} onLogout={() => setState({ kind: 'anonymous' })} />;
}

applyTheme();
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
