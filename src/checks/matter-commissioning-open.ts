/**
 * `matter.commissioning-open`: a Matter node announces an open commissioning window with no commissioning in progress.
 *
 * How a single scan tells "open longer than a setup takes": a node stops announcing its commissioning mode the moment a
 * commissioner's PASE session is established (see families/matter/commissioning.ts), so a record with CM 1 or 2 proves
 * that nobody is commissioning it at that moment: the window is open and idle. Two scans more than 15 minutes apart
 * (the spec's longest window) would prove more, but checks see one scan's facts; the finding says plainly that a
 * device being added right now is the one case where this is expected.
 */
import type { HostFacts } from '../families/facts.ts';
import { closeCommissioningSteps } from '../families/matter/advice.ts';
import { openCommissioningWindow } from '../families/matter/commissioning.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { deviceLabel } from './host-view.ts';

export const matterCommissioningOpenCheck: CheckDefinition = {
  id: 'matter.commissioning-open',
  title: 'Matter commissioning window left open',
  severity: 'medium',
  severityRationale:
    'Anyone in radio or network range who has the setup code (printed on the device and its box) can add it to their own controller and control it.',
  references: {
    etsi: ['5.6-1', '5.6-2'],
    owasp: ['I9', 'I3'],
    nist: ['Logical Access to Interfaces', 'Device Configuration'],
  },
  explanation:
    'A Matter device accepts a new controller only while its "commissioning window" is open. This one announces an open window and nobody is setting it up right now, so a neighbour or visitor with its setup code (often on a sticker on the device) can take it over.',
  action: 'Close the commissioning window of',
  run(host: HostFacts): CheckResult {
    const open = openCommissioningWindow(host);
    if (!open) return pass();
    const how =
      open.mode === 1
        ? 'basic window: the setup code printed on the device works'
        : 'enhanced window: a one-time setup code an administrator generated works';
    const state = open.commissioned ? 'is already in a fabric and' : 'is not in any fabric yet and';
    return {
      findings: [
        makeFinding(matterCommissioningOpenCheck, {
          subject: 'matter _matterc._udp',
          detail: `${deviceLabel(host)} ${state} announces an open commissioning window (CM=${open.mode}, ${how}) with no commissioning in progress: a node stops announcing it once a commissioner connects. Unless you are adding it to a controller right now, anyone with its setup code can adopt it.`,
          evidence: [open.record.evidence],
          remediation: closeCommissioningSteps(host, open.commissioned),
        }),
      ],
    };
  },
};
