import { DeviceTimeoutError } from '../../errors/index.ts';
import type { ProbeContext, ProbeTarget, ServiceIdentifier } from '../../families/device-adapter.ts';
import type { ServiceFacts } from '../../families/facts.ts';
import { describeUrl, evidence, printable, REDACTED } from '../common/evidence.ts';
import { factoryPairs } from '../common/factory-credentials.ts';
import { productLineOfHost } from '../common/host-product-line.ts';
import { LOGIN_FAILED, LOGIN_PROMPT, PASSWORD_PROMPT, SHELL_PROMPT, TelnetSession } from './telnet-session.ts';

const BANNER_END = new RegExp(`${LOGIN_PROMPT.source}|${PASSWORD_PROMPT.source}|${SHELL_PROMPT.source}`, 'i');

/** The banner without the prompt line, as a product hint ("BusyBox on ...", "Welcome to ..."). */
function bannerText(banner: string): string | undefined {
  const lines = banner
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  // The prompt itself ("(none) login:") names no product.
  if (lines.length > 0 && BANNER_END.test(`${lines.at(-1)} `)) lines.pop();
  return lines.length > 0 ? printable(lines.join(' / '), 120) : undefined;
}

/**
 * Telnet: reads the banner and prompt. A login prompt means `required`; a shell prompt without any login means
 * `none` (an open shell). On a host identified as a product line with a documented root password, and with
 * credential checks on, it tries those pairs (at most three) on the login prompt.
 */
export const telnetIdentifier: ServiceIdentifier = {
  name: 'telnet',
  appliesTo: (port) => port === 23 || port === 2323,
  async identify(target: ProbeTarget, port: number, context: ProbeContext): Promise<ServiceFacts | undefined> {
    const session = await TelnetSession.open(target, port, context);
    try {
      const banner = await session.readUntil(BANNER_END, { partial: true });
      if (banner.length === 0 && !session.ended) {
        throw new DeviceTimeoutError(
          { host: target.address, port: target.connectPort(port) },
          context.timeoutMs,
          'send a banner',
        );
      }
      if (banner.length === 0) return undefined;
      const sent = `TCP ${describeUrl('telnet', target, port)} (connect, refuse all options)`;
      const facts: ServiceFacts = {
        port,
        transport: 'tcp',
        name: 'telnet',
        auth: 'unknown',
        evidence: evidence(sent, banner),
      };
      const product = bannerText(banner);
      if (product) facts.product = product;
      if (LOGIN_PROMPT.test(banner) || PASSWORD_PROMPT.test(banner)) {
        facts.auth = 'required';
        facts.authEvidence = evidence(sent, banner);
      } else if (SHELL_PROMPT.test(banner)) {
        facts.auth = 'none';
        facts.authEvidence = evidence(sent, `shell prompt without login: ${banner}`);
      }
      if (context.credentialChecks && LOGIN_PROMPT.test(banner)) {
        const found = await tryFactoryLogin(session, target, port, context);
        if (found) facts.defaultCredentials = found;
      }
      return facts;
    } finally {
      session.close();
    }
  },
};

async function tryFactoryLogin(
  first: TelnetSession,
  target: ProbeTarget,
  port: number,
  context: ProbeContext,
): Promise<ServiceFacts['defaultCredentials']> {
  const line = await productLineOfHost(target, context);
  const pairs = factoryPairs(line, 'telnet');
  let session = first;
  for (const pair of pairs) {
    if (session.ended) {
      session = await TelnetSession.open(target, port, context);
      await session.readUntil(LOGIN_PROMPT);
    }
    try {
      session.writeLine(pair.username);
      const asked = await session.readUntil(new RegExp(`${PASSWORD_PROMPT.source}|${LOGIN_PROMPT.source}`, 'i'));
      if (PASSWORD_PROMPT.test(asked)) session.writeLine(pair.password);
      const after = await session.readUntil(
        new RegExp(`${SHELL_PROMPT.source}|${LOGIN_PROMPT.source}|${LOGIN_FAILED.source}`, 'i'),
      );
      if (SHELL_PROMPT.test(after) && !LOGIN_FAILED.test(after) && !LOGIN_PROMPT.test(after)) {
        session.writeLine('exit');
        return {
          username: pair.username,
          evidence: evidence(
            `telnet ${describeUrl('telnet', target, port)} login ${pair.username} / ${REDACTED} (documented factory pair of ${line?.name ?? 'this firmware'})`,
            after.trim(),
          ),
        };
      }
      if (!LOGIN_PROMPT.test(after)) await session.readUntil(LOGIN_PROMPT, { partial: true });
    } finally {
      if (session !== first) session.close();
    }
  }
  return undefined;
}
