/**
 * Routing in the browser with the History API: a path maps to a page, links are ordinary <a href> (so keyboard,
 * middle-click and "open in new tab" work) and a click on one is turned into pushState. The server answers every
 * page path with index.html (src/server/static-files.ts).
 */
import { useEffect, useState } from 'preact/hooks';

type Listener = () => void;
const listeners = new Set<Listener>();

/** Goes to a path inside the dashboard without reloading. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

/** Same-origin, plain left clicks on links become in-app navigation. */
addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  const link = (event.target as Element | null)?.closest?.('a');
  if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
  if (link.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(link.pathname + link.search);
});

/** The current location; re-renders the caller on every navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return { path: location.pathname, search: new URLSearchParams(location.search) };
}

/** The path of a device's page. Device ids are ours, but encode anyway: nothing device-derived goes raw into a URL. */
export const devicePath = (id: string) => `/devices/${encodeURIComponent(id)}`;
