import type { Steps } from '../descriptor.ts';
import type { HostFacts } from '../facts.ts';

/**
 * How to close a Matter commissioning window. It is the same for every Matter device (the Administrator Commissioning
 * cluster's RevokeCommissioning command, which every controller app exposes in some form), so it lives with the
 * protocol rather than in each vendor's advice.
 */
export function closeCommissioningSteps(host: HostFacts, commissioned: boolean): Steps {
  return commissioned
    ? [
        'If you did not just share this device with another app or controller, close the window: in your Matter controller app (Apple Home, Google Home, Alexa, SmartThings, Home Assistant) open the device → "Turn off pairing mode" / "Close commissioning window" (Administrator Commissioning: RevokeCommissioning).',
        "Check the controller's list of connected fabrics for the device and remove any you do not recognise.",
      ]
    : [
        `If you are not adding the device at ${host.address} right now, add it to your own Matter controller now (that closes the window and makes you its administrator), or power it off until you do.`,
        'Keep the QR code and the 11-digit setup code out of sight: anyone in range who has them can adopt the device while its window is open.',
        'If it keeps reopening its window after a power cycle, factory-reset it and commission it again, then update its firmware in the controller app.',
      ];
}

/** Matter has no device password: access is by fabric membership (CASE certificates). */
export function matterAccessSteps(): Steps {
  return [
    'A Matter device has no password to set: only controllers in its fabrics (commissioned with its setup code) can talk to it.',
    'Review the fabrics in your controller app (device → connected services) and remove any you do not recognise.',
  ];
}
