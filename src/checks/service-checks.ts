/** Risky network services: telnet, databases without auth, camera streams without auth, debug interfaces left on. */
import type { HostFacts, ServiceFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding } from './check.ts';
import { adviceFor, deviceLabel, servicesNamed } from './host-view.ts';

const subjectOf = (service: ServiceFacts) => `${service.name} ${service.port}/${service.transport}`;

export const telnetCheck: CheckDefinition = {
  id: 'service.telnet',
  title: 'Telnet is open',
  severity: 'high',
  severityRationale: 'Telnet sends logins in clear text and is the first thing IoT botnets (Mirai and successors) try.',
  references: {
    etsi: ['5.6-1', '5.5-1'],
    owasp: ['I2'],
    nist: ['Logical Access to Interfaces', 'Device Configuration'],
  },
  explanation:
    'Telnet is a decades-old remote shell without encryption. Botnets scan for it constantly and try factory passwords; a device that answers on telnet can usually be taken over completely once a password is guessed.',
  action: 'Turn off telnet on',
  run(host: HostFacts): CheckResult {
    const findings = servicesNamed(host, 'telnet').map((service) =>
      makeFinding(telnetCheck, {
        subject: subjectOf(service),
        severity: service.auth === 'none' ? 'critical' : 'high',
        detail:
          service.auth === 'none'
            ? `${deviceLabel(host)} opens a telnet shell on port ${service.port} without asking for a login.`
            : `${deviceLabel(host)} answers telnet on port ${service.port}; its login travels unencrypted and is open to password guessing.`,
        evidence: [service.authEvidence ?? service.evidence],
        remediation: [
          `Turn telnet off in the device's settings (often under Administration, Maintenance or Advanced); use its app or HTTPS interface instead.`,
          'If it cannot be turned off, update the firmware and ask the vendor; meanwhile block port 23 to the device on your router or move it to an isolated network.',
          'Never forward a telnet port from the internet to this device.',
        ],
      }),
    );
    return { findings };
  },
};

export const openDatabaseCheck: CheckDefinition = {
  id: 'service.open-database',
  title: 'Database without authentication',
  severity: 'critical',
  severityRationale:
    'Anyone on the network can read and rewrite all data; unauthenticated Redis can even be turned into code execution.',
  references: {
    etsi: ['5.5-4', '5.6-1'],
    owasp: ['I2', 'I9'],
    nist: ['Logical Access to Interfaces', 'Data Protection'],
  },
  explanation:
    'A database server answers without a password. Whatever it stores (home automation history, camera events, credentials of other services) can be read, changed or wiped by anyone who can reach it.',
  action: 'Require authentication on',
  run(host: HostFacts): CheckResult {
    const open = servicesNamed(host, 'mongodb', 'redis').filter((service) => service.auth === 'none');
    const findings = open.map((service) =>
      makeFinding(openDatabaseCheck, {
        subject: subjectOf(service),
        title: service.name === 'redis' ? 'Redis without authentication' : 'MongoDB without authentication',
        detail: `The ${service.name === 'redis' ? 'Redis' : 'MongoDB'} server on ${deviceLabel(host)} (port ${service.port}) answered commands without authentication.`,
        evidence: [service.authEvidence ?? service.evidence],
        remediation: service.name === 'redis' ? REDIS_STEPS : MONGODB_STEPS,
      }),
    );
    return { findings };
  },
};

const REDIS_STEPS = [
  'Set a password (requirepass, or ACL users on Redis 6 and later) in redis.conf and restart Redis.',
  'Bind Redis to 127.0.0.1 (bind 127.0.0.1 -::1) unless other machines really need it, and keep protected-mode yes.',
  'Update Redis; then check the data and the configuration (CONFIG GET dir, dbfilename) for changes you did not make.',
];

const MONGODB_STEPS = [
  'Create an administrator user, then set security.authorization: enabled in mongod.conf and restart MongoDB.',
  'Set net.bindIp to 127.0.0.1 unless other machines really need the database.',
  'Check the databases for a ransom note or missing collections: open MongoDB servers are wiped by bots within hours.',
];

export const rtspNoAuthCheck: CheckDefinition = {
  id: 'service.rtsp-no-auth',
  title: 'Camera stream without authentication',
  severity: 'high',
  severityRationale: 'Anyone on the network can watch and record the camera: a direct privacy breach.',
  references: {
    etsi: ['5.5-4', '5.8-1'],
    owasp: ['I2', 'I6'],
    nist: ['Logical Access to Interfaces', 'Data Protection'],
  },
  explanation:
    "The camera's RTSP video stream plays without a user name or password, so anyone on your network (or beyond, if the port is forwarded) can watch it live.",
  action: 'Protect the video stream of',
  run(host: HostFacts): CheckResult {
    const open = servicesNamed(host, 'rtsp').filter((service) => service.auth === 'none');
    const findings = open.map((service) =>
      makeFinding(rtspNoAuthCheck, {
        subject: subjectOf(service),
        detail: `${deviceLabel(host)} streams video over RTSP (port ${service.port}) to anyone who asks, without a password.`,
        evidence: [service.authEvidence ?? service.evidence],
        remediation: [
          'Turn on RTSP authentication in the camera settings. On TP-Link Tapo cameras: Tapo app → camera → Settings → Advanced Settings → Camera Account, then use that account in your recorder.',
          'If you do not record the stream locally, turn RTSP/ONVIF off altogether.',
          'Make sure no router port forward exposes port 554 to the internet.',
        ],
      }),
    );
    return { findings };
  },
};

export const debugInterfaceCheck: CheckDefinition = {
  id: 'service.debug-interface',
  title: 'Debug interface switched on',
  severity: 'medium',
  severityRationale: 'Debug output leaks internal state and widens what an attacker on the network can reach.',
  references: {
    etsi: ['5.6-1', '5.6-2'],
    owasp: ['I2', 'I9'],
    nist: ['Logical Access to Interfaces', 'Device Configuration'],
  },
  explanation:
    'A developer or debug interface is enabled. It streams internal logs (which can include network names, requests and state) to whoever connects, and it is not needed for everyday use.',
  action: 'Turn off debug output on',
  run(host: HostFacts): CheckResult {
    const findings = (host.device?.debugInterfaces ?? []).map((debug) =>
      makeFinding(debugInterfaceCheck, {
        subject: debug.name,
        detail: `${deviceLabel(host)} has its debug interface "${debug.name}" switched on.`,
        evidence: [debug.evidence],
        remediation: debugSteps(host),
      }),
    );
    return { findings };
  },
};

function debugSteps(host: HostFacts): string[] {
  return adviceFor(host).debugOff(host);
}
