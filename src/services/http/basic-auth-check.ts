import type { ProbeContext, ProbeTarget } from '../../families/device-adapter.ts';
import type { ServiceFacts } from '../../families/facts.ts';
import { requestHttp } from '../../net/http-client.ts';
import { bounds, describeUrl, endpointOf, evidence, REDACTED } from '../common/evidence.ts';
import type { FactoryPair } from '../common/factory-credentials.ts';
import { extractTitle } from './html.ts';

/**
 * Tries factory pairs with HTTP Basic (RFC 7617) against the path that asked for a login, stopping at the first
 * that gets a 2xx. The caller has already capped the pairs; the password never appears in the evidence.
 */
export async function tryBasicPairs(
  target: ProbeTarget,
  port: number,
  path: string,
  tls: boolean,
  pairs: FactoryPair[],
  context: ProbeContext,
): Promise<ServiceFacts['defaultCredentials']> {
  for (const pair of pairs) {
    const token = Buffer.from(`${pair.username}:${pair.password}`, 'utf8').toString('base64');
    const response = await requestHttp({
      ...endpointOf(target, port),
      path,
      tls,
      headers: { authorization: `Basic ${token}` },
      ...bounds(context),
    });
    if (response.status >= 200 && response.status < 300) {
      const title = extractTitle(response.text().slice(0, 64 * 1024));
      context.log.debug({ address: target.address, port, username: pair.username }, 'factory credentials accepted');
      return {
        username: pair.username,
        evidence: evidence(
          `GET ${describeUrl(tls ? 'https' : 'http', target, port, path)} with Authorization: Basic ${pair.username}:${REDACTED} (documented factory pair)`,
          `${response.status}${title ? ` | title: ${title}` : ''}`,
        ),
      };
    }
  }
  return undefined;
}
