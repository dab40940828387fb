import { describe, expect, it } from 'vitest';
import { redactUrl, withoutUrl } from './redact-url.ts';

describe('redactUrl', () => {
  it('keeps only scheme, host and port; a topic, webhook id, query and user info are hidden', () => {
    expect(redactUrl('https://ntfy.sh/my-secret-topic')).toEqual({ shown: 'https://ntfy.sh/…', hidden: true });
    expect(redactUrl('http://127.0.0.1:8123/api/webhook/abc123')).toEqual({
      shown: 'http://127.0.0.1:8123/…',
      hidden: true,
    });
    expect(redactUrl('https://user:pa55@hooks.example:8443/?token=s3cret#frag').shown).toBe(
      'https://hooks.example:8443/…',
    );
    expect(redactUrl('https://hooks.example?token=s3cret').shown).toBe('https://hooks.example/…');
  });

  it('says when nothing was hidden, and never echoes something that is not a URL', () => {
    expect(redactUrl('https://ntfy.example/')).toEqual({ shown: 'https://ntfy.example/', hidden: false });
    expect(redactUrl('not a url with a secret')).toEqual({ shown: '(not a URL)', hidden: true });
  });
});

describe('withoutUrl', () => {
  it('redacts a URL quoted in an error message, as written and as normalised', () => {
    const url = 'http://u:topsecret@127.0.0.1:9/topic-x';
    expect(withoutUrl(`cannot use ${url}`, url)).toBe('cannot use http://127.0.0.1:9/…');
    expect(withoutUrl('bad HTTP://127.0.0.1:9/a?x=1', 'HTTP://127.0.0.1:9/a?x=1')).toBe('bad http://127.0.0.1:9/…');
  });
});
