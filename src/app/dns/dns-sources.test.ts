import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/config-schema.ts';
import { selectSources } from './dns-sources.ts';

const config = configSchema.parse({
  dns: {
    domains: [{ domain: 'Old-NAS.example.', category: 'local' }],
    sources: [
      { kind: 'pihole-db', file: '/etc/pihole/pihole-FTL.db' },
      { kind: 'pihole-api', url: 'http://pi.hole/', passwordEnv: 'MY_PIHOLE_PW' },
      { kind: 'adguard-api', url: 'http://127.0.0.1:3000', username: 'owner', password: 'inline' },
    ],
  },
});

describe('DNS source selection', () => {
  it('parses the dns: section of iotwarden.yaml, normalising domains', () => {
    expect(config.dns.domains).toEqual([{ domain: 'old-nas.example', category: 'local' }]);
    expect(configSchema.parse({}).dns).toEqual({ domains: [], sources: [] });
    expect(() => configSchema.parse({ dns: { domains: [{ domain: 'x.example', category: 'evil' }] } })).toThrow();
    expect(() =>
      configSchema.parse({ dns: { sources: [{ kind: 'pihole-db', file: 'a', password: 'no' }] } }),
    ).toThrow();
  });

  it('uses every configured source when no flag is given', () => {
    const readers = selectSources({}, config.dns.sources, {});
    expect(readers.map((r) => r.ref)).toEqual([
      { kind: 'pihole-db', location: '/etc/pihole/pihole-FTL.db' },
      { kind: 'pihole-api', location: 'http://pi.hole' },
      { kind: 'adguard-api', location: 'http://127.0.0.1:3000' },
    ]);
  });

  it('uses only the flags when any is given', () => {
    const readers = selectSources(
      { dnsmasqLog: '/var/log/dnsmasq.log', adguardLog: 'querylog.json' },
      config.dns.sources,
      {},
    );
    expect(readers.map((r) => r.ref.kind)).toEqual(['adguard-log', 'dnsmasq-log']);
  });

  it('refuses to guess when there is nothing to import', () => {
    expect(() => selectSources({}, [], {})).toThrow(expect.objectContaining({ code: 'ERR_NO_DNS_SOURCE' }));
  });
});
