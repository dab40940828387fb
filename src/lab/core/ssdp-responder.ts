import { parseSsdpMessage, SSDP_PORT } from '../../net/ssdp-wire.ts';
import type { DeviceHost, Listener } from './device-host.ts';
import type { SsdpAnswer } from './simulator.ts';

export type SsdpAnswerSource = readonly SsdpAnswer[] | (() => readonly SsdpAnswer[]);

export interface SsdpResponderOptions {
  /** Upper bound of the random answer delay; the M-SEARCH's MX (seconds) bounds it too. Default 100 ms. */
  maxDelayMs?: number;
  /** For the DATE header. */
  now?: () => number;
}

/** How long control points may cache an answer (UDA 2.0 §1.2.2 asks for at least 1800 s). */
const MAX_AGE_S = 1800;

/**
 * Answers unicast SSDP M-SEARCH requests on the device's own address (UPnP Device Architecture 2.0 §1.3.2-1.3.3):
 * `ssdp:all` gets every answer, `upnp:rootdevice`, a `uuid:` or a device/service type gets the matching ones, each
 * in its own datagram, after a random delay that stays within MX as real devices spread their answers.
 * Answers are read at every search, so a simulator's state (a new SERVER version after an update) shows at once.
 */
export function startSsdpResponder(
  host: DeviceHost,
  answers: SsdpAnswerSource,
  options: SsdpResponderOptions = {},
): Promise<Listener> {
  const current = typeof answers === 'function' ? answers : () => answers;
  const maxDelayMs = options.maxDelayMs ?? 100;
  const now = options.now ?? Date.now;
  return host.listenUdp(SSDP_PORT, (message, _from, reply) => {
    const search = parseSsdpMessage(message);
    // MAN must be exactly "ssdp:discover", quotes included (UDA 2.0 §1.3.2); anything else is not a search.
    if (search?.startLine !== 'M-SEARCH * HTTP/1.1' || search.headers.man !== '"ssdp:discover"') return;
    const st = search.headers.st;
    if (!st) return;
    const matching = select(current(), st);
    if (matching.length === 0) return;
    const mxMs = Math.max(0, Number(search.headers.mx ?? '1') || 0) * 1000;
    for (const answer of matching) {
      const delayMs = Math.floor(Math.random() * Math.min(maxDelayMs, mxMs));
      const timer = setTimeout(() => {
        try {
          reply(Buffer.from(formatAnswer(answer, st, now())));
        } catch {
          // The device paused or stopped while the answer waited: a rebooting device answers nothing.
        }
      }, delayMs);
      timer.unref();
    }
  });
}

function select(answers: readonly SsdpAnswer[], st: string): SsdpAnswer[] {
  if (st === 'ssdp:all') return [...answers];
  const wanted = st.toLowerCase();
  const byType = answers.filter((answer) => answer.st.toLowerCase() === wanted);
  if (byType.length > 0 || !wanted.startsWith('uuid:')) return byType;
  // A search for the device's UUID gets one answer, its USN being that UUID (UDA 2.0 §1.3.2).
  const exact = answers.find((answer) => answer.usn.toLowerCase() === wanted);
  const prefixed = answers.find((answer) => answer.usn.toLowerCase().startsWith(`${wanted}::`));
  const one = exact ?? prefixed;
  return one ? [{ ...one, usn: one.usn.split('::')[0] ?? one.usn }] : [];
}

function formatAnswer(answer: SsdpAnswer, searched: string, nowMs: number): string {
  // To ssdp:all each answer names its own ST; to a specific search it echoes the ST that was asked for.
  const st = searched === 'ssdp:all' ? answer.st : searched;
  const lines = [
    'HTTP/1.1 200 OK',
    `CACHE-CONTROL: max-age=${MAX_AGE_S}`,
    `DATE: ${new Date(nowMs).toUTCString()}`,
    'EXT:',
    `LOCATION: ${answer.location}`,
    `SERVER: ${answer.server}`,
    `ST: ${st}`,
    `USN: ${answer.usn}`,
    ...Object.entries(answer.extraHeaders ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
