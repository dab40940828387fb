import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PASSWORD = 'soak-shelly-password';
const OLD = '20221027-091427/v1.12.1-ga9117d3';
const NEW = '20230913-112003/v1.14.0-gcb84623';

/** Files of one soak run, all inside `home`. */
export interface SoakFiles {
  scanScenario: string;
  firmwareScenario: string;
  scanConfig: string;
  firmwareConfig: string;
  dnsmasqLog: string;
  firmwareTargets: string[];
  /** The scan lab's devices: a scan of exactly these (a whole /24 would mostly time connects out). */
  scanTargets: string[];
}

/** A home of honest devices and one that never answers (it holds every scan open for its request timeout). */
function scanScenario(prefix: string): string {
  return `name: soak-scan
devices:
  - { name: garage-door, kind: shelly-gen1, address: ${prefix}.10, auth: { enabled: true, username: admin, password: ${PASSWORD} } }
  - { name: hall-plug, kind: shelly-gen2, address: ${prefix}.11, auth: { enabled: false } }
  - { name: old-kasa, kind: kasa-legacy, address: ${prefix}.12, model: "HS103(US)" }
  - { name: hue-bridge, kind: hue, address: ${prefix}.13 }
  - { name: tasmota-plug, kind: tasmota, address: ${prefix}.14 }
  - { name: stalling-box, kind: hostile, address: ${prefix}.20, behavior: silent }
`;
}

/** Two devices with firmware on offer: a Shelly that installs in 1.5 s and a Kasa plug that switches protocol. */
function firmwareScenario(prefix: string): string {
  return `name: soak-firmware
devices:
  - name: kitchen-island
    kind: shelly-gen1
    address: ${prefix}.60
    model: SHSW-25
    firmware: ${OLD}
    auth: { enabled: true, username: admin, password: ${PASSWORD} }
    update: { version: ${NEW}, durationMs: 1500 }
  - name: desk-shelly
    kind: shelly-gen1
    address: ${prefix}.61
    model: SHSW-1
    firmware: ${OLD}
    auth: { enabled: false }
    update: { version: ${NEW}, durationMs: 1500 }
`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A classic syslog stamp (`Nov  2 03:09:37`, no year) of a UTC time. */
function syslogStamp(ms: number): string {
  const d = new Date(ms);
  const time = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time}`;
}

/**
 * A dnsmasq log-queries file of `lines` queries from 40 clients to 3,000 names, deterministic, in time order as
 * dnsmasq writes it: three queries a second (so several share a stamp), starting on 1 November of this year.
 */
function dnsmasqLog(prefix: string, lines: number): string {
  const startMs = Date.UTC(new Date().getUTCFullYear(), 10, 1);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const stamp = syslogStamp(startMs + Math.floor(i / 3) * 1000);
    out.push(`${stamp} dnsmasq[4242]: query[A] host${(i * 7919) % 3000}.example.com from ${prefix}.${100 + (i % 40)}`);
  }
  return `${out.join('\n')}\n`;
}

export function writeSoakFiles(home: string, prefix: string, dnsLines: number): SoakFiles {
  const files: SoakFiles = {
    scanScenario: join(home, 'scan-lab.yaml'),
    firmwareScenario: join(home, 'firmware-lab.yaml'),
    scanConfig: join(home, 'scan.yaml'),
    firmwareConfig: join(home, 'firmware.yaml'),
    dnsmasqLog: join(home, 'dnsmasq.log'),
    firmwareTargets: [`${prefix}.60`, `${prefix}.61`],
    scanTargets: [10, 11, 12, 13, 14, 20].map((octet) => `${prefix}.${octet}`),
  };
  writeFileSync(files.scanScenario, scanScenario(prefix));
  writeFileSync(files.firmwareScenario, firmwareScenario(prefix));
  // trustOnFirstUse: the soak is about crashes, not trust; the first scan binds the credential to the lab's Shellys.
  const credentials = `credentials:\n  - { family: shelly, username: admin, password: ${PASSWORD}, trustOnFirstUse: true }\n`;
  writeFileSync(files.scanConfig, `networks: ["${prefix}.0/24"]\nscan: { requestTimeoutMs: 2500 }\n${credentials}`);
  writeFileSync(files.firmwareConfig, `networks: ["${prefix}.0/24"]\nscan: { ports: "80,443,9999" }\n${credentials}`);
  writeFileSync(files.dnsmasqLog, dnsmasqLog(prefix, dnsLines));
  return files;
}
