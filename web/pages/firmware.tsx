/** Firmware across vendors: status and what policy decides, the install plan, holds, and the audit log. */
import { useState } from 'preact/hooks';
import { ApplyButton, HoldForm, ReleaseButton } from '../components/firmware-actions.tsx';
import { Empty, ErrorBox, Loading, Page } from '../components/status.tsx';
import { useApi } from '../components/use-api.ts';
import { formatTime } from '../format.ts';
import { devicePath } from '../router.ts';
import type { AuditEntry, FirmwarePlan, FirmwareStatusRow, Hold } from '../types.ts';

export function FirmwarePage() {
  const [reload, setReload] = useState(0);
  const changed = () => setReload((n) => n + 1);
  const status = useApi<FirmwareStatusRow[]>('/api/firmware/status', reload);
  const plan = useApi<FirmwarePlan>('/api/firmware/plan?now=true', reload);
  const holds = useApi<Hold[]>('/api/firmware/holds', reload);
  const log = useApi<{ entries: AuditEntry[]; names: Record<string, string> }>('/api/firmware/log?limit=100', reload);
  const names = log.data?.names ?? {};
  return (
    <Page title="Firmware" actions={<ApplyButton label="Install what the plan allows now" onDone={changed} />}>
      <h2>Status</h2>
      {status.error ? <ErrorBox error={status.error} /> : null}
      {!status.data ? (
        status.error ? null : (
          <Loading what="firmware status" />
        )
      ) : status.data.length === 0 ? (
        <Empty>No device with known firmware yet.</Empty>
      ) : (
        <StatusTable rows={status.data} />
      )}
      <h2>Plan</h2>
      {plan.error ? <ErrorBox error={plan.error} /> : null}
      {plan.data ? (
        plan.data.installs.length === 0 ? (
          <Empty>Nothing to install.</Empty>
        ) : (
          <ol class="plan">
            {plan.data.installs.map((i) => (
              <li key={i.device.deviceId}>
                <a href={devicePath(i.device.deviceId)}>{i.device.name ?? i.device.address}</a> →{' '}
                {i.decision.targetVersion ?? i.state.latest}{' '}
                <span class="hint">
                  ({i.role}, {i.rolloutGroup})
                </span>
                : {i.decision.reason}
              </li>
            ))}
          </ol>
        )
      ) : null}
      <h2>Holds</h2>
      {holds.error ? <ErrorBox error={holds.error} /> : null}
      {holds.data && holds.data.length > 0 ? (
        <table class="list" id="holds">
          <thead>
            <tr>
              <th scope="col">Device or model</th>
              <th scope="col">Reason</th>
              <th scope="col">Until</th>
              <th scope="col">Set</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {holds.data.map((h) => (
              <tr key={h.id}>
                <td>{h.scope === 'device' ? (names[h.target] ?? h.target) : `model ${h.target}`}</td>
                <td>{h.reason}</td>
                <td>{h.until}</td>
                <td>{h.automatic ? 'automatically (failed canary)' : formatTime(h.createdMs)}</td>
                <td>
                  <ReleaseButton target={h.target} onChanged={changed} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>No holds.</Empty>
      )}
      <HoldForm onChanged={changed} />
      <h2>Audit log</h2>
      {log.error ? <ErrorBox error={log.error} /> : null}
      {log.data ? <AuditLog entries={log.data.entries} names={names} /> : null}
    </Page>
  );
}

function StatusTable({ rows }: { rows: FirmwareStatusRow[] }) {
  return (
    <table class="list" id="firmware-status">
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Vendor / model</th>
          <th scope="col">Installed</th>
          <th scope="col">Latest</th>
          <th scope="col">Decision</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.device.deviceId}>
            <td>
              <a href={devicePath(r.device.deviceId)}>{r.device.name ?? r.device.address}</a>
            </td>
            <td>
              {r.device.vendor ?? '—'} {r.device.model ?? ''}
            </td>
            <td>{r.state.installed ?? '—'}</td>
            <td>
              {r.state.latest ?? '—'}
              {r.state.cvesFixed.length > 0 ? (
                <span class="sev sev-high"> fixes {r.state.cvesFixed.map((c) => c.id).join(', ')}</span>
              ) : null}
            </td>
            <td>
              <strong>{r.decision.action}</strong> <span class="hint">{r.decision.reason}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditLog({ entries, names }: { entries: AuditEntry[]; names: Record<string, string> }) {
  if (entries.length === 0) return <Empty>The audit log is empty.</Empty>;
  return (
    <table class="list" id="audit-log">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Device</th>
          <th scope="col">Result</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {[...entries].reverse().map((e) => (
          <tr key={e.id}>
            <td>{formatTime(e.timeMs)}</td>
            <td>{e.actor}</td>
            <td>{e.action}</td>
            <td>{e.deviceId ? (names[e.deviceId] ?? e.deviceId) : (e.model ?? '')}</td>
            <td>{e.result}</td>
            <td>{e.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
