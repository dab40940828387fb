/** Notification deliveries, newest first; failures say why, so a broken webhook is noticed here. */
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { Empty, ErrorBox, Loading, Page, Severity } from '../components/status.tsx';
import { useApi } from '../components/use-api.ts';
import { formatTime } from '../format.ts';
import type { Delivery } from '../types.ts';

const STATES = ['pending', 'sent', 'failed', 'skipped'] as const;

export function NotificationsPage() {
  const [state, setState] = useState<Delivery['state'] | ''>('');
  const { data, error } = useApi<Delivery[]>(
    `/api/notifications/deliveries${query({ state: state || undefined, limit: 200 })}`,
  );
  const failed = data?.filter((d) => d.state === 'failed').length ?? 0;
  return (
    <Page title="Notifications">
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          State
          <select value={state} onChange={(e) => setState(e.currentTarget.value as Delivery['state'] | '')}>
            <option value="">all</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error ? <ErrorBox error={error} title="The deliveries could not be loaded" /> : null}
      {failed > 0 ? (
        <p class="error" role="alert">
          {failed} deliveries failed. Check the target's URL and that it is reachable from this machine; the error of
          each is below.
        </p>
      ) : null}
      {!data ? (
        error ? null : (
          <Loading what="deliveries" />
        )
      ) : data.length === 0 ? (
        <Empty>
          No notifications sent yet. Targets are configured under <code>notifications:</code> in iotwarden.yaml.
        </Empty>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Target</th>
              <th scope="col">State</th>
              <th scope="col">Attempts</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.id} class={d.state === 'failed' ? 'failed' : undefined}>
                <td>{formatTime(d.updatedMs)}</td>
                <td>
                  <Severity severity={d.severity} /> {d.title} <span class="hint">{d.kind}</span>
                </td>
                <td>{d.target}</td>
                <td>{d.state}</td>
                <td class="num">{d.attempts}</td>
                <td>{d.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
