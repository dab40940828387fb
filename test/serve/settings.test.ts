import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNetwork } from '../support/addresses.ts';
import { closedPort, type NotifyReceiver, startNotifyReceiver } from '../support/notify-receiver.ts';
import { ApiClient, ownedServe, type TestServe } from '../support/serve.ts';
import {
  HOOK_SECRET,
  HOSTILE_TITLE,
  recordFailedDelivery,
  SECRET_MARK,
  SETTINGS_ENV,
  settingsYaml,
  writeSecretsFile,
} from '../support/settings-fixture.ts';

/**
 * The Settings API over a real serve: every section of iotwarden.yaml is shown with the file and key to edit, every
 * secret only by reference (the values, which all contain SECRET_MARK, never appear, nor any part of a secret URL),
 * and "send a test notification" reaches a local receiver signed like a real event, for a read-write caller only:
 * a read-only token and a session without CSRF token or with a foreign Origin are refused.
 */
let t: TestServe;
let owner: ApiClient;
let receiver: NotifyReceiver;
let readToken: string;
const prefix = testNetwork().replace(/\.0\/24$/, '');

beforeAll(async () => {
  receiver = await startNotifyReceiver();
  const deadPort = await closedPort();
  ({ t, owner } = await ownedServe({ configYaml: settingsYaml(receiver.base, deadPort, prefix), env: SETTINGS_ENV }));
  writeSecretsFile(t.db, prefix);
  await recordFailedDelivery(t.serve.alwaysOn.store, Date.now());
  readToken = (await owner.post('/api/tokens', { name: 'settings-reader', scope: 'read' })).body.data.token;
});
afterAll(async () => {
  await t?.stop();
  await receiver?.close();
});

/** No secret value, nor a recognisable piece of one, is in `text`. */
function expectNoSecret(text: string): void {
  expect(text).not.toContain(SECRET_MARK);
  expect(text).not.toContain(SECRET_MARK.slice(0, 6));
  for (const value of Object.values(SETTINGS_ENV)) if (value) expect(text).not.toContain(value);
}

describe('GET /api/settings', () => {
  it('never answers a secret value, a length or a piece of a secret URL', async () => {
    const answer = await owner.get('/api/settings');
    expect(answer.status).toBe(200);
    expectNoSecret(answer.text);
    expect(answer.text).not.toContain('topic-');
    expect(answer.text).not.toContain('wh-');
    expect(answer.text).not.toContain('owner:');
  });

  it('shows networks, credentials by variable name with whether each is set, and the file and key to edit', async () => {
    const { data } = (await owner.get('/api/settings')).body;
    expect(data.configFile).toBe(`${t.dir}/iotwarden.yaml`);
    expect(data.networks).toMatchObject({
      ranges: [`${prefix}.0/24`, `${prefix}.128/25`],
      ports: '80,443',
      credentialChecks: false,
      scanSchedule: '0 3 1 1 *',
      edit: { file: `${t.dir}/iotwarden.yaml`, keys: expect.arrayContaining(['networks']) },
    });
    const entries = data.credentials.entries;
    expect(entries.map((e: { appliesTo: unknown }) => e.appliesTo)).toEqual([
      { by: 'family', value: 'shelly' },
      { by: 'address', value: `${prefix}.40` },
      { by: 'mac', value: '34:94:54:12:34:56' },
      { by: 'deviceId', value: 'shellyplus1-a8032ab12345' },
    ]);
    expect(entries.map((e: { secrets: unknown[] }) => e.secrets[0])).toEqual([
      { field: 'password', source: 'env', env: 'SHELLY_PASSWORD', set: true },
      { field: 'apiKey', source: 'env', env: 'HUE_KEY', set: true },
      { field: 'password', source: 'config-file', env: null, set: true },
      { field: 'password', source: 'env', env: 'PORCH_PASSWORD_UNSET', set: false },
    ]);
    const services = Object.fromEntries(
      data.credentials.services.map((s: { key: string; secret: unknown }) => [s.key, s.secret]),
    );
    expect(services['homeAssistant.tokenEnv']).toEqual({ field: 'token', source: 'env', env: 'HA_TOKEN', set: true });
    expect(services['notifications.targets[hook].secretEnv']).toMatchObject({ env: 'HOOK_SECRET', set: true });
    expect(services['notifications.targets[unset-secret].secretEnv']).toMatchObject({ env: 'EMPTY_VAR', set: false });
    expect(data.credentials.secretsFile).toEqual({
      file: `${t.dir}/iotwarden-secrets.json`,
      exists: true,
      devices: [{ deviceId: 'dev-tasmota-1', address: `${prefix}.21`, family: 'tasmota', set: true }],
      problem: null,
    });
  });

  it('shows the firmware policy with its defaults, and the notification targets with failures', async () => {
    const { data } = (await owner.get('/api/settings')).body;
    expect(data.firmware.default).toEqual({
      mode: { value: 'notify', source: 'config' },
      window: { value: { start: '02:00', end: '04:30' }, source: 'config' },
      canaryCount: { value: 2, source: 'config' },
      soakMs: { value: 86_400_000, source: 'built-in' },
      acceptBreakages: [],
    });
    expect(data.firmware.rules).toContainEqual(
      expect.objectContaining({ level: 'model', key: 'HS100(UK)', mode: 'hold', until: '2031-06-01' }),
    );
    expect(data.firmware.holds).toEqual({ inConfig: 1, setFromCliOrDashboard: 0 });
    const targets = Object.fromEntries(data.notifications.targets.map((x: { name: string }) => [x.name, x]));
    expect(targets.hook).toMatchObject({
      kind: 'webhook',
      url: `${receiver.base}/…`,
      urlRedacted: true,
      secret: { role: 'signing secret', env: 'HOOK_SECRET', set: true },
      minSeverity: 'low',
      quietHours: null,
    });
    expect(targets.hook.failures).toEqual([expect.objectContaining({ title: HOSTILE_TITLE, attempts: 8 })]);
    expect(targets.hook.failures[0].lastError).toBe('hook: HTTP 503 (busy)');
    expect(targets.phone).toMatchObject({
      url: `${receiver.base}/…`,
      quietHours: { start: '22:00', end: '07:00', critical: true },
      minSeverity: 'high',
      failures: [],
    });
    expect(data.notifications.timeZone).toEqual({ value: 'Europe/London', source: 'notifications' });
  });

  it('answers a read-only token, and nobody anonymous', async () => {
    const reader = new ApiClient(t.url, { bearer: readToken, origin: null });
    const answer = await reader.get('/api/settings');
    expect(answer.status).toBe(200);
    expectNoSecret(answer.text);
    const anonymous = await new ApiClient(t.url).get('/api/settings');
    expect(anonymous.status).toBe(401);
  });

  it('is in the OpenAPI document with its schema', async () => {
    const doc = (await owner.get('/api/openapi.json')).body;
    expect(doc.paths['/api/settings'].get).toBeDefined();
    expect(doc.paths['/api/settings/notifications/{target}/test'].post).toBeDefined();
    expect(doc.components.schemas.Settings).toBeDefined();
  });
});

describe('POST /api/settings/notifications/{target}/test', () => {
  const path = (target: string) => `/api/settings/notifications/${target}/test`;

  it('sends a signed test event to the webhook and says it was delivered', async () => {
    const before = receiver.received.length;
    const answer = await owner.post(path('hook'));
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ target: 'hook', delivered: true, error: null });
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    const [request] = got;
    if (!request) throw new Error('nothing received');
    expect(request.path).toBe(`/api/webhook/wh-${SECRET_MARK}-7?token=q-${SECRET_MARK}-8`);
    expect(receiver.signatureValid(request, HOOK_SECRET)).toBe(true);
    expect(request.headers['x-iotwarden-event']).toBe('test');
    expect(JSON.parse(request.body).event).toMatchObject({ kind: 'test', severity: 'info' });
    expectNoSecret(answer.text);
  });

  it('sends to ntfy with its token, whatever the quiet hours say', async () => {
    const before = receiver.received.length;
    const answer = await owner.post(path('phone'));
    expect(answer.body.data).toMatchObject({ delivered: true });
    const request = receiver.received.slice(before)[0];
    expect(request?.headers.authorization).toBe(`Bearer ${SETTINGS_ENV.NTFY_TOKEN}`);
    expect(request?.headers.title).toBe('iotwarden test notification');
  });

  it('reports a failed delivery with the reason, naming variables but never a value', async () => {
    const unset = await owner.post(path('unset-secret'));
    expect(unset.status).toBe(200);
    expect(unset.body.data.delivered).toBe(false);
    expect(unset.body.data.error).toMatch(/EMPTY_VAR .* is not set/);
    // Node's fetch refuses a URL with user info and quotes it whole in its error: the URL must not leak that way.
    const withUser = await owner.post(path('with-user'));
    expect(withUser.body.data).toMatchObject({ delivered: false, error: expect.stringContaining('credentials') });
    expectNoSecret(withUser.text);
    expect(withUser.text).not.toContain('owner:');
    const gone = await owner.post(path('gone'));
    expect(gone.body.data).toMatchObject({ delivered: false, error: expect.stringMatching(/^gone: cannot connect/) });
    expectNoSecret(gone.text);
  });

  it('refuses an unknown target with a stable code', async () => {
    const answer = await owner.post(path('nobody'));
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('ERR_NO_TARGET');
    expect(answer.body.error.message).toContain('hook, phone, with-user, unset-secret, gone');
  });

  it('refuses a read-only token, a session without CSRF token and a foreign Origin; nothing is sent', async () => {
    const before = receiver.received.length;
    const reader = new ApiClient(t.url, { bearer: readToken, origin: null });
    const denied = await reader.post(path('hook'));
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('ERR_FORBIDDEN');
    const noCsrf = await owner.post(path('hook'), {}, { 'x-csrf-token': '' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('ERR_CSRF');
    const foreign = await owner.post(path('hook'), {}, { origin: 'http://attacker.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('ERR_CSRF');
    expect(receiver.received.length).toBe(before);
    const writer = new ApiClient(t.url, {
      bearer: (await owner.post('/api/tokens', { name: 'settings-writer', scope: 'write' })).body.data.token,
      origin: null,
    });
    expect((await writer.post(path('hook'))).body.data.delivered).toBe(true);
    expect(receiver.received.length).toBe(before + 1);
  });
});
