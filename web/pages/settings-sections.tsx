/**
 * The read-only sections of Settings: networks, credentials by reference, and the firmware policy. Every string from
 * the config (a rule's key, a reason, a device id) is rendered as text by Preact, never parsed as markup.
 */
import type { ComponentChildren } from 'preact';
import { EditHintLine } from '../components/settings-nav.tsx';
import { Empty } from '../components/status.tsx';
import type { PolicyRule, SecretRef, Settings } from '../settings-types.ts';

/** A section with a focusable heading (the settings navigation moves focus to it). */
export function SettingsSection({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section id={id} aria-labelledby={`${id}-h`} class="card settings-section">
      <h2 id={`${id}-h`} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Pair({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-setting={label}>{children}</dd>
    </div>
  );
}

/** "3 h", "24 h", "2 d", "90 s". */
export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** Set or not set, in words (not colour alone). */
export function SetState({ set }: { set: boolean }) {
  return <span class={set ? 'state-set' : 'state-unset'}>{set ? 'set' : 'not set'}</span>;
}

function secretSource(secret: SecretRef) {
  return secret.source === 'env' ? (
    <>
      {secret.field} from <code>${secret.env}</code>
    </>
  ) : (
    <>{secret.field} written in the config file (move it to an environment variable to share the file safely)</>
  );
}

export function NetworksSection({ networks }: { networks: Settings['networks'] }) {
  return (
    <SettingsSection id="networks" title="Networks">
      {networks.ranges.length === 0 ? (
        <Empty>No networks are configured: iotwarden scans nothing until you name one under networks.</Empty>
      ) : (
        <ul class="ranges">
          {networks.ranges.map((range) => (
            <li key={range}>
              <code>{range}</code>
            </li>
          ))}
        </ul>
      )}
      <dl class="pairs">
        <Pair label="Ports">{networks.ports}</Pair>
        <Pair label="Factory-password checks">{networks.credentialChecks ? 'on' : 'off'}</Pair>
        <Pair label="Scan schedule">
          <code>{networks.scanSchedule}</code>
        </Pair>
        <Pair label="DHCP leases">{networks.dhcpLeases.length > 0 ? networks.dhcpLeases.join(', ') : 'none'}</Pair>
      </dl>
      <EditHintLine {...networks.edit} />
    </SettingsSection>
  );
}

const APPLIES_TO = {
  family: 'every trusted',
  address: 'the device at',
  mac: 'the device with MAC',
  deviceId: 'device id',
};

export function CredentialsSection({ credentials }: { credentials: Settings['credentials'] }) {
  const file = credentials.secretsFile;
  return (
    <SettingsSection id="credentials" title="Credentials">
      <p class="hint">
        Secrets are never shown here: only the environment variable each comes from, and whether it is set in the
        environment of iotwarden serve now.
      </p>
      {credentials.entries.length === 0 ? (
        <Empty>No device credentials are configured.</Empty>
      ) : (
        <table class="list compact" id="credential-entries">
          <caption class="hint">Device credentials (credentials:)</caption>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Applies to</th>
              <th scope="col">Secret</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {credentials.entries.flatMap((entry) =>
              entry.secrets.map((secret) => (
                <tr key={`${entry.index}-${secret.field}`} data-env={secret.env ?? undefined}>
                  <td class="num">{entry.index + 1}</td>
                  <td>
                    {APPLIES_TO[entry.appliesTo.by]} <code>{entry.appliesTo.value}</code>
                    {entry.trustOnFirstUse ? <span class="hint"> (trusted on first use)</span> : null}
                  </td>
                  <td>{secretSource(secret)}</td>
                  <td>
                    <SetState set={secret.set} />
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
      {credentials.services.length > 0 ? (
        <table class="list compact" id="service-secrets">
          <caption class="hint">Other secrets the config names</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Key</th>
              <th scope="col">Secret</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {credentials.services.map((service) => (
              <tr key={service.key} data-env={service.secret.env ?? undefined}>
                <td>{service.what}</td>
                <td>
                  <code>{service.key}</code>
                </td>
                <td>{secretSource(service.secret)}</td>
                <td>
                  <SetState set={service.secret.set} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>Passwords iotwarden generated</h3>
      {!file ? null : file.problem ? (
        <p class="error" role="alert">
          {file.problem}
        </p>
      ) : file.devices.length === 0 ? (
        <Empty>
          None yet (<code>fix apply</code> keeps them in <code>{file.file}</code>).
        </Empty>
      ) : (
        <>
          <p class="hint">
            In <code>{file.file}</code> (mode 0600); read one with <code>iotwarden secrets show DEVICE</code> on a
            terminal.
          </p>
          <ul id="secrets-file-devices">
            {file.devices.map((device) => (
              <li key={device.deviceId}>
                <code>{device.deviceId}</code> ({device.family ?? 'unknown family'}, {device.address}):{' '}
                <SetState set={device.set} />
              </li>
            ))}
          </ul>
        </>
      )}
      <EditHintLine {...credentials.edit} />
    </SettingsSection>
  );
}

const source = (s: 'config' | 'built-in' | 'system') =>
  s === 'config' ? '' : s === 'system' ? ' (the system’s)' : ' (built-in default)';

function ruleText(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.mode) parts.push(rule.mode);
  if (rule.mode === 'hold' && rule.until) parts.push(`until ${rule.until}`);
  if (rule.reason) parts.push(`“${rule.reason}”`);
  if (rule.window) parts.push(`window ${rule.window.start}–${rule.window.end}`);
  if (rule.canaryCount !== null) parts.push(`${rule.canaryCount} canaries`);
  if (rule.soakMs !== null) parts.push(`soak ${formatDuration(rule.soakMs)}`);
  if (rule.acceptBreakages.length > 0) parts.push(`accepts ${rule.acceptBreakages.join(', ')}`);
  return parts.join(', ');
}

export function FirmwarePolicySection({ firmware }: { firmware: Settings['firmware'] }) {
  const d = firmware.default;
  return (
    <SettingsSection id="firmware-policy" title="Firmware policy">
      {firmware.configured ? null : (
        <p class="hint">The config has no firmware section: these are the built-in defaults.</p>
      )}
      <dl class="pairs">
        <Pair label="Installs">
          {d.mode.value === 'auto' ? 'automatic, within policy' : d.mode.value}
          {source(d.mode.source)}
        </Pair>
        <Pair label="Maintenance window">
          {d.window.value.start}–{d.window.value.end} {firmware.timeZone.value}
          {source(d.window.source)}
        </Pair>
        <Pair label="Canaries">
          {d.canaryCount.value} per model{source(d.canaryCount.source)}
        </Pair>
        <Pair label="Soak">
          {formatDuration(d.soakMs.value)} before the rest{source(d.soakMs.source)}
        </Pair>
        <Pair label="Holds">
          {firmware.holds.inConfig} in the file, {firmware.holds.setFromCliOrDashboard} set from the CLI or the
          dashboard (<a href="/firmware">Firmware</a>)
        </Pair>
      </dl>
      {firmware.rules.length > 0 ? (
        <table class="list compact" id="policy-rules">
          <caption class="hint">Rules (a device's beats its model's, a model's beats its vendor's)</caption>
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Name</th>
              <th scope="col">Rule</th>
            </tr>
          </thead>
          <tbody>
            {firmware.rules.map((rule) => (
              <tr key={`${rule.level}:${rule.key}`}>
                <td>{rule.level}</td>
                <td>{rule.key}</td>
                <td>{ruleText(rule)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <EditHintLine {...firmware.edit} />
    </SettingsSection>
  );
}
