/**
 * Long operations show progress wherever the owner is: a running scan's phase and percent, or a firmware install's
 * latest step, from the live events. It disappears when the job ends, leaving its summary for a moment.
 */
import { useCallback, useState } from 'preact/hooks';
import { useLiveEvents } from '../live.ts';
import type { LiveEvent } from '../types.ts';

interface Running {
  jobId: string;
  kind: string;
  percent: number | undefined;
  text: string;
  ended: boolean;
}

export function JobBanner() {
  const [running, setRunning] = useState<Running | undefined>();
  const onEvent = useCallback((event: LiveEvent) => {
    if (event.type === 'job') {
      const ended = event.state === 'done' || event.state === 'failed' || event.state === 'interrupted';
      setRunning({
        jobId: event.jobId,
        kind: event.kind,
        percent: ended ? 100 : undefined,
        text: ended ? (event.summary ?? event.state) : event.state,
        ended,
      });
      if (ended) setTimeout(() => setRunning((r) => (r?.jobId === event.jobId && r.ended ? undefined : r)), 8000);
    } else if (event.type === 'scan-progress') {
      setRunning({
        jobId: event.jobId,
        kind: 'scan',
        percent: event.percent,
        text: `${event.phase}: ${event.text}`,
        ended: false,
      });
    } else if (event.type === 'rollout-step') {
      setRunning((r) => ({
        jobId: event.jobId,
        kind: r?.kind ?? 'firmware-apply',
        percent: undefined,
        text: `${event.name}: ${event.action} — ${event.reason}`,
        ended: false,
      }));
    }
  }, []);
  useLiveEvents(onEvent);
  if (!running) return null;
  return (
    <div class="job-banner" role="status" aria-live="polite" data-job={running.jobId}>
      <strong>{running.kind}</strong>
      {running.percent === undefined ? (
        <progress aria-label={`${running.kind} progress`} />
      ) : (
        <progress max={100} value={running.percent} aria-label={`${running.kind} progress`} />
      )}
      <span class="job-text">{running.text}</span>
    </div>
  );
}
