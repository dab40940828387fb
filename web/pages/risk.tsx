/** The risk register (issue 16): every device, worst first, with impact × likelihood, the reason and the decision. */
import { Empty, ErrorBox, Loading, Page, Severity } from '../components/status.tsx';
import { useApi } from '../components/use-api.ts';
import { useLiveTick } from '../live.ts';
import { devicePath } from '../router.ts';
import type { RiskEntry, RiskRegisterData } from '../types.ts';

function decisionText(decision: RiskEntry['decision']): string {
  if (!decision) return '—';
  const until = decision.until ? ` until ${decision.until}` : '';
  return `${decision.kind}${until} (${decision.status}): ${decision.reason}`;
}

export function RiskPage() {
  const tick = useLiveTick(['job']);
  const { data, error } = useApi<RiskRegisterData>('/api/risk', tick);
  return (
    <Page title="Risk">
      <p>
        Impact (what misuse would do, here) × likelihood (what the device's findings and exposure make easy). Decide
        with <code>iotwarden risk accept</code>, <code>mitigate</code> or <code>replace</code>.
      </p>
      {error ? <ErrorBox error={error} title="The risk register could not be loaded" /> : null}
      {!data ? (
        error ? null : (
          <Loading what="the risk register" />
        )
      ) : data.entries.length === 0 ? (
        <Empty>No devices yet: scan your network first.</Empty>
      ) : (
        <table class="risk" aria-label="Risk register">
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Device</th>
              <th scope="col">Impact × likelihood</th>
              <th scope="col">Why</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {data.entries.map((entry) => (
              <tr key={entry.deviceId} data-risk={entry.deviceId}>
                <td>
                  <Severity severity={entry.level} />
                </td>
                <td>
                  <a href={devicePath(entry.deviceId)}>{entry.name}</a>
                </td>
                <td class="num">
                  {entry.impact.level} × {entry.likelihood.level} = {entry.score}
                </td>
                <td>{entry.reason}</td>
                <td>{decisionText(entry.decision)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
