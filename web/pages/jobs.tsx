/**
 * The always-on process's jobs: scan now (with its progress, live), what runs next on the schedule, and recent jobs
 * with their outcome.
 */
import { useCallback, useState } from 'preact/hooks';
import { ApiError, post } from '../api.ts';
import { Empty, ErrorBox, Loading, Page } from '../components/status.tsx';
import { useApi } from '../components/use-api.ts';
import { formatTime } from '../format.ts';
import { useLiveEvents, useLiveTick } from '../live.ts';
import type { Job, JobStarted, LiveEvent } from '../types.ts';

interface Progress {
  jobId: string;
  percent: number;
  text: string;
  state: string;
  findings: number;
}

export function JobsPage() {
  const tick = useLiveTick(['job']);
  const jobs = useApi<{ active: { id: string; kind: string }[]; jobs: Job[] }>('/api/jobs?limit=50', tick);
  const schedule = useApi<{ name: string; next: string | null }[]>('/api/schedule');
  const [progress, setProgress] = useState<Progress | undefined>();
  const [startError, setStartError] = useState<ApiError | undefined>();

  const onEvent = useCallback((event: LiveEvent) => {
    setProgress((p) => {
      if (!p || !('jobId' in event) || event.jobId !== p.jobId) {
        return p && event.type === 'finding' && p.state === 'running' ? { ...p, findings: p.findings + 1 } : p;
      }
      if (event.type === 'scan-progress')
        return { ...p, percent: event.percent, text: `${event.phase}: ${event.text}` };
      if (event.type === 'job') return { ...p, state: event.state, text: event.summary ?? p.text };
      return p;
    });
  }, []);
  useLiveEvents(onEvent);

  const scanNow = async () => {
    setStartError(undefined);
    try {
      const started = await post<JobStarted>('/api/scan');
      setProgress({
        jobId: started.jobId,
        percent: 0,
        text: started.existing ? 'already running' : 'queued',
        state: 'queued',
        findings: 0,
      });
    } catch (error) {
      setStartError(error instanceof ApiError ? error : new ApiError('ERR_CLIENT', String(error), 0));
    }
  };

  return (
    <Page
      title="Jobs"
      actions={
        <button
          type="button"
          id="scan-now"
          onClick={scanNow}
          disabled={progress?.state === 'running' || progress?.state === 'queued'}
        >
          Scan now
        </button>
      }
    >
      {startError ? <ErrorBox error={startError} title="The scan could not start" /> : null}
      {progress ? (
        <section class="card" id="scan-progress" aria-live="polite" data-state={progress.state}>
          <h2>Scan {progress.state}</h2>
          <progress max={100} value={progress.percent} aria-label="Scan progress" /> <span>{progress.percent}%</span>
          <p>{progress.text}</p>
          {progress.findings > 0 ? <p>{progress.findings} findings reported so far</p> : null}
        </section>
      ) : null}
      <h2>Schedule</h2>
      {schedule.error ? <ErrorBox error={schedule.error} /> : null}
      {schedule.data ? (
        <ul>
          {schedule.data.map((s) => (
            <li key={s.name}>
              {s.name}: {s.next ? formatTime(Date.parse(s.next)) : 'not scheduled'}
            </li>
          ))}
        </ul>
      ) : null}
      <h2>Recent jobs</h2>
      {jobs.error ? <ErrorBox error={jobs.error} title="The jobs could not be loaded" /> : null}
      {!jobs.data ? (
        jobs.error ? null : (
          <Loading what="jobs" />
        )
      ) : jobs.data.jobs.length === 0 ? (
        <Empty>No jobs have run yet.</Empty>
      ) : (
        <table class="list" id="jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Trigger</th>
              <th scope="col">State</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
              <th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.jobs.map((job) => (
              <tr key={job.id} data-job={job.id} class={job.state === 'failed' ? 'failed' : undefined}>
                <td>{job.kind}</td>
                <td>{job.trigger}</td>
                <td>{job.state}</td>
                <td>{formatTime(job.startedMs)}</td>
                <td>{formatTime(job.finishedMs)}</td>
                <td>
                  {job.summary ?? ''} {job.errorCode ? <code>{job.errorCode}</code> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
