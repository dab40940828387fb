/**
 * Loads one API path for a page, again whenever `reload` changes (a live event, a change the user made). Keeps the
 * last good data while reloading, so a table does not flash empty on every event.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

export function useApi<T>(path: string | undefined, reload: unknown = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: true });
  useEffect(() => {
    if (path === undefined) return undefined;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    get<T>(path).then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) =>
        current &&
        setState((s) => ({
          data: s.data,
          error: error instanceof ApiError ? error : new ApiError('ERR_CLIENT', String(error), 0),
          loading: false,
        })),
    );
    return () => {
      current = false;
    };
  }, [path, reload]);
  return state;
}
