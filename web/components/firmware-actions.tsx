/**
 * Hold, release and install, each through the same API and guardrails as the CLI: a hold needs a reason and an end
 * date; an install is a job (canary first, health-checked) whose steps arrive as live events.
 */
import { useCallback, useState } from 'preact/hooks';
import { ApiError, del, post } from '../api.ts';
import { useLiveEvents } from '../live.ts';
import type { JobStarted, LiveEvent } from '../types.ts';
import { ErrorBox } from './status.tsx';

const asError = (error: unknown) => (error instanceof ApiError ? error : new ApiError('ERR_CLIENT', String(error), 0));

/** A date `days` from today as YYYY-MM-DD (the form's default expiry). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function HoldForm({ target, onChanged }: { target?: string; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | undefined>();
  const [done, setDone] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const fields = new FormData(form);
    setError(undefined);
    try {
      await post('/api/firmware/holds', {
        target: String(fields.get('target') ?? target ?? ''),
        reason: String(fields.get('reason') ?? ''),
        until: String(fields.get('until') ?? ''),
      });
      setDone('Hold saved.');
      onChanged();
    } catch (e) {
      setError(asError(e));
    }
  };
  return (
    <form class="hold-form" onSubmit={submit} aria-label="Hold firmware updates">
      {target === undefined ? (
        <label>
          Device or model
          <input name="target" required maxLength={200} placeholder="name, address, MAC or model" />
        </label>
      ) : null}
      <label>
        Reason
        <input name="reason" required maxLength={500} placeholder="why updates wait" />
      </label>
      <label>
        Until
        <input name="until" type="date" required value={inDays(30)} />
      </label>
      <button type="submit">Hold updates</button>
      {done ? <span role="status">{done}</span> : null}
      {error ? <ErrorBox error={error} title="The hold was not saved" /> : null}
    </form>
  );
}

export function ReleaseButton({ target, onChanged }: { target: string; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | undefined>();
  return (
    <>
      <button
        type="button"
        onClick={async () => {
          try {
            await del(`/api/firmware/holds/${encodeURIComponent(target)}`);
            onChanged();
          } catch (e) {
            setError(asError(e));
          }
        }}
      >
        Release
      </button>
      {error ? <ErrorBox error={error} title="The hold was not released" /> : null}
    </>
  );
}

/** Install now (outside the window; holds, decisions and canaries still apply), with each step shown as it happens. */
export function ApplyButton({
  deviceIds,
  label,
  onDone,
  nothingToInstall = false,
}: {
  deviceIds?: string[];
  label: string;
  onDone: () => void;
  /** Disables the button; the outcome of an install already shown stays (it is why there is nothing left). */
  nothingToInstall?: boolean;
}) {
  const [jobId, setJobId] = useState<string | undefined>();
  const [steps, setSteps] = useState<string[]>([]);
  const [state, setState] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (!('jobId' in event) || event.jobId !== jobId) return;
      if (event.type === 'rollout-step') setSteps((s) => [...s, `${event.name}: ${event.action} — ${event.reason}`]);
      if (event.type === 'job') {
        setState(event.state);
        if (event.summary) setSteps((s) => [...s, event.summary ?? '']);
        if (event.state === 'done' || event.state === 'failed') onDone();
      }
    },
    [jobId, onDone],
  );
  useLiveEvents(onEvent);
  const start = async () => {
    setError(undefined);
    setSteps([]);
    try {
      const started = await post<JobStarted>('/api/firmware/apply', {
        ...(deviceIds ? { devices: deviceIds } : {}),
        now: true,
      });
      setJobId(started.jobId);
      setState('queued');
    } catch (e) {
      setError(asError(e));
    }
  };
  const busy = state === 'queued' || state === 'running';
  return (
    <div class="apply">
      <button type="button" onClick={start} disabled={busy || nothingToInstall}>
        {label}
      </button>
      {busy ? <progress aria-label="Install progress" /> : null}
      {state ? <span class="job-state"> {state}</span> : null}
      {steps.length > 0 ? (
        <ol class="steps" aria-live="polite">
          {steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
      ) : null}
      {error ? <ErrorBox error={error} title="The install did not start" /> : null}
    </div>
  );
}
