/**
 * API tokens for Home Assistant and scripts: create (read-only or read-write; the secret is shown once, here, and
 * never again), see when each was last used, revoke.
 */
import { useState } from 'preact/hooks';
import { ApiError, del, post } from '../api.ts';
import { SettingsNav } from '../components/settings-nav.tsx';
import { Empty, ErrorBox, Loading, Page } from '../components/status.tsx';
import { useApi } from '../components/use-api.ts';
import { formatTime } from '../format.ts';

interface ApiToken {
  id: number;
  name: string;
  scope: 'read' | 'write';
  createdMs: number;
  lastUsedMs: number | null;
  revokedMs: number | null;
}

const asError = (error: unknown) => (error instanceof ApiError ? error : new ApiError('ERR_CLIENT', String(error), 0));

export function TokensPage() {
  const [reload, setReload] = useState(0);
  const tokens = useApi<ApiToken[]>('/api/tokens', reload);
  const [created, setCreated] = useState<{ name: string; token: string } | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const create = async (event: Event) => {
    event.preventDefault();
    const fields = new FormData(event.currentTarget as HTMLFormElement);
    setError(undefined);
    try {
      const name = String(fields.get('name') ?? '');
      const answer = await post<{ token: string }>('/api/tokens', { name, scope: String(fields.get('scope')) });
      setCreated({ name, token: answer.token });
      setReload((n) => n + 1);
    } catch (e) {
      setError(asError(e));
    }
  };
  const revoke = async (id: number) => {
    setError(undefined);
    try {
      await del(`/api/tokens/${id}`);
      setReload((n) => n + 1);
    } catch (e) {
      setError(asError(e));
    }
  };
  return (
    <Page title="API tokens">
      <SettingsNav />
      <p>
        For Home Assistant and scripts: send a token as <code>Authorization: Bearer …</code>. A read-only token cannot
        change anything. The API is described at <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <form class="hold-form" id="new-token" onSubmit={create} aria-label="Create an API token">
        <label>
          Name
          <input name="name" required maxLength={80} placeholder="home-assistant" />
        </label>
        <label>
          Access
          <select name="scope">
            <option value="read">read only</option>
            <option value="write">read and write</option>
          </select>
        </label>
        <button type="submit">Create token</button>
      </form>
      {error ? <ErrorBox error={error} title="The token was not changed" /> : null}
      {created ? (
        <div class="card" role="status" id="created-token">
          <p>
            The token <strong>{created.name}</strong>. Copy it now: it is stored only as a hash and is not shown again.
          </p>
          <pre>{created.token}</pre>
        </div>
      ) : null}
      {tokens.error ? <ErrorBox error={tokens.error} /> : null}
      {!tokens.data ? (
        tokens.error ? null : (
          <Loading what="tokens" />
        )
      ) : tokens.data.length === 0 ? (
        <Empty>No API tokens.</Empty>
      ) : (
        <table class="list" id="tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Access</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id} data-token={t.name}>
                <td>{t.name}</td>
                <td>{t.scope === 'write' ? 'read and write' : 'read only'}</td>
                <td>{formatTime(t.createdMs)}</td>
                <td>{formatTime(t.lastUsedMs)}</td>
                <td>
                  {t.revokedMs ? (
                    `revoked ${formatTime(t.revokedMs)}`
                  ) : (
                    <button type="button" onClick={() => revoke(t.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
