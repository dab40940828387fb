/**
 * Settings: what iotwarden.yaml configures, read-only (the file is the source of truth; docs/decisions/
 * settings-read-only.md), with the file and key to edit for each section, and a "send a test notification" button
 * per target that shows whether it was delivered. Secrets appear only by the name of their environment variable.
 */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api.ts';
import { EditHintLine, SettingsNav } from '../components/settings-nav.tsx';
import { Empty, ErrorBox, Loading, Page, Severity } from '../components/status.tsx';
import { useApi } from '../components/use-api.ts';
import { formatTime } from '../format.ts';
import type { NotificationTarget, Settings, TestNotificationResult } from '../settings-types.ts';
import {
  CredentialsSection,
  FirmwarePolicySection,
  NetworksSection,
  SetState,
  SettingsSection,
} from './settings-sections.tsx';

const asError = (error: unknown) => (error instanceof ApiError ? error : new ApiError('ERR_CLIENT', String(error), 0));

type TestState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'done'; result: TestNotificationResult }
  | { kind: 'error'; error: ApiError };

function TestButton({ target }: { target: string }) {
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  const send = async () => {
    setState({ kind: 'sending' });
    try {
      const result = await post<TestNotificationResult>(
        `/api/settings/notifications/${encodeURIComponent(target)}/test`,
      );
      setState({ kind: 'done', result });
    } catch (error) {
      setState({ kind: 'error', error: asError(error) });
    }
  };
  const resultId = `test-result-${target}`;
  return (
    <div class="test-action">
      <button
        type="button"
        class="send-test"
        onClick={send}
        disabled={state.kind === 'sending'}
        aria-describedby={resultId}
      >
        Send a test notification
      </button>
      <p
        id={resultId}
        class="test-result"
        role="status"
        data-state={state.kind === 'done' ? (state.result.delivered ? 'delivered' : 'failed') : state.kind}
      >
        {state.kind === 'sending' ? 'Sending…' : null}
        {state.kind === 'done' && state.result.delivered
          ? `Delivered at ${formatTime(state.result.sentAtMs)} (${state.result.durationMs} ms).`
          : null}
        {state.kind === 'done' && !state.result.delivered
          ? `Not delivered: ${state.result.error ?? 'no reason given'}. Check the target's URL and its secret's variable, then try again.`
          : null}
      </p>
      {state.kind === 'error' ? <ErrorBox error={state.error} title="The test could not be sent" /> : null}
    </div>
  );
}

function TargetCard({ target }: { target: NotificationTarget }) {
  const headingId = `target-${target.name}-h`;
  return (
    <article class="target" data-target={target.name} aria-labelledby={headingId}>
      <h3 id={headingId}>
        {target.name} <span class="hint">({target.kind})</span>
      </h3>
      <dl class="pairs">
        <div>
          <dt>URL</dt>
          <dd>
            <code>{target.url}</code>
            {target.urlRedacted ? <span class="hint"> (the rest is hidden: it can be a secret)</span> : null}
          </dd>
        </div>
        <div>
          <dt>{target.secret ? target.secret.role : target.kind === 'ntfy' ? 'access token' : 'signing secret'}</dt>
          <dd>
            {target.secret ? (
              <>
                <code>${target.secret.env}</code> <SetState set={target.secret.set} />
              </>
            ) : (
              'none'
            )}
          </dd>
        </div>
        <div>
          <dt>Threshold</dt>
          <dd>
            <Severity severity={target.minSeverity} /> and worse
          </dd>
        </div>
        <div>
          <dt>Quiet hours</dt>
          <dd>
            {target.quietHours
              ? `${target.quietHours.start}–${target.quietHours.end}${target.quietHours.critical ? ', critical still sent' : ''}`
              : 'none'}
          </dd>
        </div>
      </dl>
      {target.failures.length > 0 || target.retrying > 0 ? (
        <div class="failures">
          <p class="error" role="alert">
            {target.failures.length > 0
              ? `${target.failures.length} recent ${target.failures.length === 1 ? 'delivery' : 'deliveries'} failed`
              : ''}
            {target.failures.length > 0 && target.retrying > 0 ? '; ' : ''}
            {target.retrying > 0 ? `${target.retrying} waiting to be tried again` : ''}.{' '}
            <a href="/notifications">All deliveries</a>
          </p>
          <ul class="failure-list">
            {target.failures.map((f) => (
              <li key={f.eventKey}>
                {formatTime(f.updatedMs)}: {f.title} <span class="hint">({f.attempts} tries)</span> —{' '}
                {f.lastError ?? 'no reason recorded'}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <TestButton target={target.name} />
    </article>
  );
}

function NotificationsSection({ notifications }: { notifications: Settings['notifications'] }) {
  return (
    <SettingsSection id="notification-targets" title="Notification targets">
      {notifications.targets.length === 0 ? (
        <Empty>No notification targets: iotwarden tells nobody until one is configured.</Empty>
      ) : (
        <>
          <p class="hint">
            Quiet hours are in {notifications.timeZone.value}. A test goes to the target at once, whatever its threshold
            and quiet hours say, and is not recorded as a delivery.
          </p>
          {notifications.targets.map((target) => (
            <TargetCard key={target.name} target={target} />
          ))}
        </>
      )}
      <EditHintLine {...notifications.edit} />
    </SettingsSection>
  );
}

export function SettingsPage() {
  const { data, error } = useApi<Settings>('/api/settings');
  return (
    <Page title="Settings">
      <SettingsNav />
      {error ? <ErrorBox error={error} title="The settings could not be loaded" /> : null}
      {!data ? (
        error ? null : (
          <Loading what="settings" />
        )
      ) : (
        <>
          <p id="config-source">
            {data.configFile ? (
              <>
                Read from <code>{data.configFile}</code>. The file is the source of truth: edit it, and the change
                applies from the next request and the next job (no restart).
              </>
            ) : (
              <>
                No config file was found, so iotwarden runs on its defaults. Create <code>iotwarden.yaml</code> (looked
                for at <code>--config</code>, <code>$IOTWARDEN_CONFIG</code>, <code>./iotwarden.yaml</code>, then{' '}
                <code>~/.config/iotwarden/iotwarden.yaml</code>).
              </>
            )}
          </p>
          <NetworksSection networks={data.networks} />
          <CredentialsSection credentials={data.credentials} />
          <FirmwarePolicySection firmware={data.firmware} />
          <NotificationsSection notifications={data.notifications} />
        </>
      )}
    </Page>
  );
}
