/**
 * The home at a glance: the score over time, findings by severity, what to do first, decisions only the owner can
 * make, and what changed recently.
 */
import { useMemo } from 'preact/hooks';
import { Empty, ErrorBox, Loading, Page, Severity } from '../components/status.tsx';
import { TimeChart } from '../components/time-chart.tsx';
import { useApi } from '../components/use-api.ts';
import { formatTime } from '../format.ts';
import { useLiveTick } from '../live.ts';
import { devicePath } from '../router.ts';
import { SEVERITIES, type Summary } from '../types.ts';

export function OverviewPage() {
  const tick = useLiveTick(['job']);
  const { data, error } = useApi<Summary>('/api/summary', tick);
  const series = useMemo(
    () =>
      data && {
        label: 'Home score',
        times: data.scoreHistory.map((p) => p.timeMs / 1000),
        values: data.scoreHistory.map((p) => p.score),
      },
    [data],
  );
  return (
    <Page title="Overview">
      {error ? <ErrorBox error={error} title="The summary could not be loaded" /> : null}
      {!data ? (
        error ? null : (
          <Loading what="the summary" />
        )
      ) : data.devices === 0 ? (
        <Empty>
          No devices yet. Start a scan from <a href="/jobs">Jobs</a>, or wait for the scheduled one.
        </Empty>
      ) : (
        <div class="grid">
          <section class="card score" aria-labelledby="score-h">
            <h2 id="score-h">Home score</h2>
            <p class="big" data-testid="home-score">
              {data.homeScore}
              <small> / 100 across {data.devices} devices</small>
            </p>
            {series && series.times.length > 1 ? (
              <TimeChart series={series} ariaLabel="Home score over time" height={160} />
            ) : (
              <p class="hint">The score over time appears after the second scan.</p>
            )}
          </section>
          <section class="card" aria-labelledby="sev-h">
            <h2 id="sev-h">Findings by severity</h2>
            <SeverityBars counts={data.findings} />
          </section>
          <section class="card" aria-labelledby="first-h">
            <h2 id="first-h">Do this first</h2>
            {data.topActions.length === 0 ? (
              <Empty>Nothing urgent.</Empty>
            ) : (
              <ol class="actions-list">
                {data.topActions.map((a) => (
                  <li key={`${a.checkId}-${a.deviceIds.join(',')}`}>
                    <Severity severity={a.severity} /> {a.text}{' '}
                    {a.deviceIds[0] ? <a href={devicePath(a.deviceIds[0])}>open</a> : null}
                    <span class="hint"> +{a.points} points</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section class="card" aria-labelledby="dec-h">
            <h2 id="dec-h">Decisions needed</h2>
            {data.decisions.length === 0 ? (
              <Empty>No firmware decision is waiting for you.</Empty>
            ) : (
              <ul>
                {data.decisions.map((d) => (
                  <li key={`${d.deviceId}-${d.kind}`}>
                    <a href={devicePath(d.deviceId)}>{d.name}</a>{' '}
                    <strong>
                      {d.kind === 'breakage' ? 'update would break something' : 'held, with a critical fix'}
                    </strong>
                    {d.targetVersion ? ` (${d.targetVersion})` : ''}: {d.reason}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card wide" aria-labelledby="chg-h">
            <h2 id="chg-h">Recent changes</h2>
            {data.recentChanges.length === 0 ? (
              <Empty>No changes since the first scan.</Empty>
            ) : (
              <ul class="timeline">
                {data.recentChanges.map((c) => (
                  <li key={`${c.timeMs}-${c.kind}-${c.title}`}>
                    <time>{formatTime(c.timeMs)}</time> <Severity severity={c.severity} /> {c.title}{' '}
                    {c.deviceId ? <a href={devicePath(c.deviceId)}>device</a> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </Page>
  );
}

function SeverityBars({ counts }: { counts: Summary['findings'] }) {
  const most = Math.max(1, ...SEVERITIES.map((s) => counts[s]));
  return (
    <dl class="bars">
      {SEVERITIES.map((s) => (
        <div key={s} class="bar-row">
          <dt>
            <a href={`/findings?severity=${s}`}>{s}</a>
          </dt>
          <dd>
            {/* Width through the CSSOM (Preact sets style objects property by property), which the CSP allows. */}
            <span class={`bar sev-${s}`} style={{ width: `${(100 * counts[s]) / most}%` }} />
            <span class="num">{counts[s]}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
