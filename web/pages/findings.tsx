/** Every finding of the latest scans, worst first, filterable by severity, with evidence and the fix. */
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { FindingCard } from '../components/finding-card.tsx';
import { Empty, ErrorBox, Loading, Page } from '../components/status.tsx';
import { useApi } from '../components/use-api.ts';
import { useLiveTick } from '../live.ts';
import { devicePath } from '../router.ts';
import { type FindingRow, SEVERITIES, type Severity } from '../types.ts';

export function FindingsPage() {
  const initial = new URLSearchParams(location.search).get('severity');
  const [severity, setSeverity] = useState<Severity | ''>(
    (SEVERITIES as readonly string[]).includes(initial ?? '') ? (initial as Severity) : '',
  );
  const tick = useLiveTick(['job']);
  const { data, error } = useApi<{ total: number; rows: FindingRow[] }>(
    `/api/findings${query({ severity: severity || undefined, limit: 1000 })}`,
    tick,
  );
  return (
    <Page title="Findings">
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Severity
          <select
            value={severity}
            onChange={(e) => {
              const value = e.currentTarget.value as Severity | '';
              setSeverity(value);
              history.replaceState(null, '', `/findings${query({ severity: value || undefined })}`);
            }}
          >
            <option value="">all</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s} or worse
              </option>
            ))}
          </select>
        </label>
      </form>
      {error ? <ErrorBox error={error} title="The findings could not be loaded" /> : null}
      {!data ? (
        error ? null : (
          <Loading what="findings" />
        )
      ) : data.rows.length === 0 ? (
        <Empty>No findings{severity ? ` at ${severity} or worse` : ''}.</Empty>
      ) : (
        <>
          <p class="count">
            {data.total > data.rows.length
              ? `The worst ${data.rows.length} of ${data.total}`
              : `${data.total} findings`}
          </p>
          {data.rows.map((row) => (
            <FindingCard
              key={`${row.deviceId}-${row.finding.checkId}-${row.finding.subject ?? ''}`}
              finding={row.finding}
              device={<a href={devicePath(row.deviceId)}>{row.device ?? row.address}</a>}
            />
          ))}
        </>
      )}
    </Page>
  );
}
