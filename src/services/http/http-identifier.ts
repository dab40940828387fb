import type { ProbeContext, ProbeTarget, ServiceIdentifier } from '../../families/device-adapter.ts';
import type { Evidence, ServiceFacts } from '../../families/facts.ts';
import { describeUrl, evidence, printable } from '../common/evidence.ts';
import { factoryPairs, type ProductLine, productLineByHttp } from '../common/factory-credentials.ts';
import { tryBasicPairs } from './basic-auth-check.ts';
import { extractTitle, hasPasswordField } from './html.ts';
import { type FetchedPage, fetchPage, header } from './http-fetch.ts';

/** Ports where home devices serve web UIs; TLS on the HTTPS ones. */
export const HTTP_PORTS = [80, 81, 443, 5000, 5001, 7080, 8000, 8008, 8080, 8081, 8088, 8123, 8443, 8888, 9000];
export const HTTPS_PORTS = new Set([443, 5001, 8443]);

function realmOf(challenge: string | undefined): string | undefined {
  return challenge ? /realm\s*=\s*"([^"]{0,200})"/i.exec(challenge)?.[1] : undefined;
}

function statusLine(page: FetchedPage): string {
  const { response } = page;
  const parts = [`${response.status}`];
  for (const name of ['server', 'www-authenticate', 'content-type']) {
    const value = header(response.headers, name);
    if (value) parts.push(`${name}: ${value}`);
  }
  return parts.join(' | ');
}

/**
 * Recognises a web server and whether its UI asks for a login: a 401 challenge or a page with a password field
 * means `required`; a plain 200 page means `none`. When the server is a product line with documented factory
 * credentials and credential checks are on, it tries those pairs (at most three) with HTTP Basic.
 */
export const httpIdentifier: ServiceIdentifier = {
  name: 'http',
  appliesTo: (port) => HTTP_PORTS.includes(port),
  async identify(target: ProbeTarget, port: number, context: ProbeContext): Promise<ServiceFacts | undefined> {
    const tls = HTTPS_PORTS.has(port);
    const page = await fetchPage(target, port, context, { tls });
    const { response } = page;
    const server = header(response.headers, 'server');
    const challenge = header(response.headers, 'www-authenticate');
    const realm = realmOf(challenge);
    const body = response.text().slice(0, 64 * 1024);
    const title = extractTitle(body);
    const sent = `GET ${describeUrl(tls ? 'https' : 'http', target, port, page.path)}`;
    const proof: Evidence = evidence(sent, `${statusLine(page)}${title ? ` | title: ${title}` : ''}`);
    const line = productLineByHttp(server, realm);

    const facts: ServiceFacts = {
      port,
      transport: 'tcp',
      name: tls ? 'https' : 'http',
      tls,
      auth: 'unknown',
      http: { status: response.status },
      evidence: proof,
    };
    if (title) facts.http = { ...facts.http, title: printable(title, 120) };
    if (server) facts.http = { ...facts.http, server: printable(server, 120) };
    if (realm !== undefined) facts.http = { ...facts.http, realm: printable(realm, 120) };
    const product = line?.name ?? server ?? title;
    if (product) facts.product = printable(product, 120);

    if (response.status === 401) {
      facts.auth = 'required';
      facts.authEvidence = proof;
    } else if (hasPasswordField(body)) {
      facts.auth = 'required';
      facts.authEvidence = evidence(
        sent,
        `${response.status}, login form with a password field${title ? ` (${title})` : ''}`,
      );
    } else if (response.status >= 200 && response.status < 300) {
      facts.auth = 'none';
      facts.authEvidence = proof;
    }

    if (context.credentialChecks && response.status === 401 && /^Basic\b/i.test(challenge ?? '')) {
      const found = await tryFactoryPairs(target, port, page.path, tls, line, context);
      if (found) facts.defaultCredentials = found;
    }
    return facts;
  },
};

async function tryFactoryPairs(
  target: ProbeTarget,
  port: number,
  path: string,
  tls: boolean,
  line: ProductLine | undefined,
  context: ProbeContext,
): Promise<ServiceFacts['defaultCredentials']> {
  const pairs = factoryPairs(line, 'http');
  if (pairs.length === 0) return undefined;
  return tryBasicPairs(target, port, path, tls, pairs, context);
}
