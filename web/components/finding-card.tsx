/** One finding: severity, title, what was seen (evidence as sent and received), how to fix it, and references. */
import type { ComponentChildren } from 'preact';
import type { Finding } from '../types.ts';
import { Severity } from './status.tsx';

export function FindingCard({ finding, device }: { finding: Finding; device?: ComponentChildren }) {
  return (
    <article class="finding" data-check={finding.checkId}>
      <h3>
        <Severity severity={finding.severity} /> {finding.title}
        {device ? <span class="on"> on {device}</span> : null}
      </h3>
      {finding.subject ? <p class="subject">{finding.subject}</p> : null}
      <p>{finding.detail}</p>
      {finding.remediation.length > 0 ? (
        <>
          <h4>Fix</h4>
          <ol>
            {finding.remediation.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </>
      ) : null}
      {finding.evidence.length > 0 ? (
        <details>
          <summary>Evidence ({finding.evidence.length})</summary>
          {finding.evidence.map((e, i) => (
            <dl key={i} class="evidence">
              <dt>Sent</dt>
              <dd>
                <pre>{e.sent}</pre>
              </dd>
              <dt>Received</dt>
              <dd>
                <pre>{e.received}</pre>
              </dd>
            </dl>
          ))}
        </details>
      ) : null}
      {finding.references.length > 0 ? <p class="refs">{finding.references.join(' · ')}</p> : null}
      <p class="check-id">
        <code>{finding.checkId}</code>
      </p>
    </article>
  );
}
