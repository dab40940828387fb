/**
 * The frame around every page once logged in: a skip link, the navigation, the theme switch and logout, and a job
 * banner that shows any running job's progress from the live events, whichever page is open.
 */
import { useState } from 'preact/hooks';
import { ApiError, post, setCsrfToken } from '../api.ts';
import { disconnectLive } from '../live.ts';
import { DevicePage } from '../pages/device.tsx';
import { DevicesPage } from '../pages/devices.tsx';
import { DnsPage } from '../pages/dns.tsx';
import { FindingsPage } from '../pages/findings.tsx';
import { FirmwarePage } from '../pages/firmware.tsx';
import { JobsPage } from '../pages/jobs.tsx';
import { MapPage } from '../pages/map.tsx';
import { NotificationsPage } from '../pages/notifications.tsx';
import { OverviewPage } from '../pages/overview.tsx';
import { RiskPage } from '../pages/risk.tsx';
import { SettingsPage } from '../pages/settings.tsx';
import { TokensPage } from '../pages/tokens.tsx';
import { ZeroTrustPage } from '../pages/zero-trust.tsx';
import { navigate, useLocation } from '../router.ts';
import { currentTheme, toggleTheme } from '../theme.ts';
import type { Session } from '../types.ts';
import { JobBanner } from './job-banner.tsx';
import { ErrorBox } from './status.tsx';

const NAV: { path: string; label: string }[] = [
  { path: '/', label: 'Overview' },
  { path: '/devices', label: 'Devices' },
  { path: '/findings', label: 'Findings' },
  { path: '/risk', label: 'Risk' },
  { path: '/firmware', label: 'Firmware' },
  { path: '/dns', label: 'DNS' },
  { path: '/map', label: 'Map' },
  { path: '/zero-trust', label: 'Zero trust' },
  { path: '/jobs', label: 'Jobs' },
  { path: '/notifications', label: 'Notifications' },
  { path: '/settings', label: 'Settings' },
];

function route(path: string) {
  if (path === '/' || path === '/login' || path === '/setup') return <OverviewPage />;
  if (path === '/devices') return <DevicesPage />;
  if (path.startsWith('/devices/')) return <DevicePage id={decodeURIComponent(path.slice('/devices/'.length))} />;
  if (path === '/findings') return <FindingsPage />;
  if (path === '/risk') return <RiskPage />;
  if (path === '/firmware') return <FirmwarePage />;
  if (path === '/dns') return <DnsPage />;
  if (path === '/map') return <MapPage />;
  if (path === '/zero-trust') return <ZeroTrustPage />;
  if (path === '/jobs') return <JobsPage />;
  if (path === '/notifications') return <NotificationsPage />;
  if (path === '/tokens') return <TokensPage />;
  if (path === '/settings') return <SettingsPage />;
  return <ErrorBox error={new ApiError('ERR_NOT_FOUND', `There is no page at ${path}.`, 404)} title="No such page" />;
}

export function Shell({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const { path } = useLocation();
  const [theme, setTheme] = useState(currentTheme());
  const [logoutError, setLogoutError] = useState<ApiError | undefined>();
  const logout = async () => {
    try {
      await post('/api/logout');
      setCsrfToken(undefined);
      disconnectLive();
      onLogout();
      navigate('/login', { replace: true });
    } catch (error) {
      setLogoutError(error instanceof ApiError ? error : new ApiError('ERR_CLIENT', String(error), 0));
    }
  };
  const current = (p: string) =>
    p === '/' ? path === '/' : path === p || path.startsWith(`${p}/`) || (p === '/settings' && path === '/tokens');
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          iotwarden
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.path}>
                <a href={item.path} aria-current={current(item.path) ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>{session.username ?? 'API token'}</span>
          <button
            type="button"
            onClick={() => setTheme(toggleTheme())}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? 'Light' : 'Dark'}
          </button>
          <button type="button" id="logout" onClick={logout}>
            Log out
          </button>
        </div>
      </header>
      <JobBanner />
      <main id="main" tabIndex={-1}>
        {logoutError ? <ErrorBox error={logoutError} title="Logout failed" /> : null}
        {route(path)}
      </main>
    </>
  );
}
