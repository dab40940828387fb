/**
 * A home in network namespaces: a router (`r`) with an IoT bridge (10.213.1.0/24), a trusted bridge
 * (10.213.2.0/24) and a WAN link to an "internet" namespace (198.51.100.0/24) that answers HTTP on every address
 * and DNS (a real dnsmasq) for api.vendor.example (198.51.100.10) and tracker.example (198.51.100.66). Hosts are
 * namespaces of their own, each with its own MAC. `flat: true` puts every host on one bridge and one subnet.
 */
import type { ChildProcess } from 'node:child_process';
import { NetnsLab } from './netns.ts';

export interface HomeHost {
  name: string;
  address: string;
  mac: string;
  segment: 'iot' | 'trusted';
  /** TCP ports it listens on. */
  listens: number[];
}

export const INTERNET = {
  router: '198.51.100.1',
  dns: '198.51.100.53',
  api: '198.51.100.10',
  tracker: '198.51.100.66',
  unknown: '198.51.100.77',
};

export const HOSTS: HomeHost[] = [
  { name: 'coffee', address: '10.213.1.30', mac: '02:00:0a:d5:01:1e', segment: 'iot', listens: [9999] },
  { name: 'plug', address: '10.213.1.40', mac: '02:00:0a:d5:01:28', segment: 'iot', listens: [80] },
  { name: 'camera', address: '10.213.1.50', mac: '02:00:0a:d5:01:32', segment: 'iot', listens: [554] },
  { name: 'ha', address: '10.213.2.2', mac: '02:00:0a:d5:02:02', segment: 'trusted', listens: [8123] },
  { name: 'laptop', address: '10.213.2.3', mac: '02:00:0a:d5:02:03', segment: 'trusted', listens: [22] },
];

/** What a host is called in a flat home: everything in 10.213.1.0/24. */
export function flatAddress(host: HomeHost): string {
  return host.segment === 'iot' ? host.address : host.address.replace('10.213.2.', '10.213.1.1');
}

const SERVE = (ports: number[]): string =>
  `const net=require('net');for(const p of ${JSON.stringify(ports)}){net.createServer(s=>{s.on('error',()=>{});s.end('HTTP/1.0 200 OK\\r\\n\\r\\nok')}).listen(p,'0.0.0.0')}`;

export class NetnsHome {
  readonly lab: NetnsLab;
  readonly flat: boolean;
  readonly #children: ChildProcess[] = [];

  constructor(tag: string, options: { flat?: boolean } = {}) {
    this.lab = new NetnsLab(tag);
    this.flat = options.flat ?? false;
  }

  addressOf(name: string): string {
    const host = HOSTS.find((h) => h.name === name)!;
    return this.flat ? flatAddress(host) : host.address;
  }

  gatewayOf(host: HomeHost): string {
    return this.flat || host.segment === 'iot' ? '10.213.1.1' : '10.213.2.1';
  }

  async build(): Promise<void> {
    const { lab } = this;
    await lab.add('r');
    await lab.add('inet');
    await lab.must('r', ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    for (const bridge of this.flat ? ['briot'] : ['briot', 'brtr']) {
      await lab.must('r', ['ip', 'link', 'add', bridge, 'type', 'bridge']);
      await lab.must('r', ['ip', 'link', 'set', bridge, 'up']);
    }
    await lab.must('r', ['ip', 'addr', 'add', '10.213.1.1/24', 'dev', 'briot']);
    if (!this.flat) await lab.must('r', ['ip', 'addr', 'add', '10.213.2.1/24', 'dev', 'brtr']);
    for (const host of HOSTS) await this.#addHost(host);
    await lab.link('r', 'wan', 'inet', 'eth0');
    await lab.must('r', ['ip', 'addr', 'add', `${INTERNET.router}/24`, 'dev', 'wan']);
    for (const address of [INTERNET.api, INTERNET.tracker, INTERNET.unknown, INTERNET.dns]) {
      await lab.must('inet', ['ip', 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
    }
    await lab.must('inet', ['ip', 'route', 'add', '10.213.0.0/16', 'via', INTERNET.router]);
    this.#children.push(lab.spawn('inet', [process.execPath, '-e', SERVE([80, 443, 123])]));
    // The router's own admin interface (web UI on 80, SSH on 22), for admin-reachability audits.
    this.#children.push(lab.spawn('r', [process.execPath, '-e', SERVE([80, 22])]));
  }

  async #addHost(host: HomeHost): Promise<void> {
    const { lab } = this;
    const bridge = this.flat || host.segment === 'iot' ? 'briot' : 'brtr';
    await lab.add(host.name);
    await lab.link('r', `h-${host.name}`, host.name, 'eth0', { macB: host.mac });
    await lab.must('r', ['ip', 'link', 'set', `h-${host.name}`, 'master', bridge]);
    await lab.must(host.name, ['ip', 'addr', 'add', `${this.addressOf(host.name)}/24`, 'dev', 'eth0']);
    await lab.must(host.name, ['ip', 'route', 'add', 'default', 'via', this.gatewayOf(host)]);
    this.#children.push(lab.spawn(host.name, [process.execPath, '-e', SERVE(host.listens)]));
  }

  /** Starts the internet's authoritative dnsmasq. */
  startInternetDns(): ChildProcess {
    return this.lab.spawn('inet', [
      '/usr/sbin/dnsmasq',
      '--no-daemon',
      '--conf-file=/dev/null',
      '--pid-file=',
      '--user=root',
      `--listen-address=${INTERNET.dns}`,
      '--bind-interfaces',
      '--no-resolv',
      '--no-hosts',
      `--address=/api.vendor.example/${INTERNET.api}`,
      `--address=/tracker.example/${INTERNET.tracker}`,
    ]);
  }

  /** Waits until every listener answers (processes take a moment to start in their namespaces). */
  async ready(): Promise<void> {
    const until = Date.now() + 15_000;
    const pending = [
      ...HOSTS.flatMap((h) => h.listens.map((port) => ({ from: 'r', address: this.addressOf(h.name), port }))),
      { from: 'r', address: INTERNET.api, port: 80 },
    ];
    for (const probe of pending) {
      while (!(await this.lab.connects(probe.from, probe.address, probe.port, 500))) {
        if (Date.now() > until) throw new Error(`${probe.address}:${probe.port} never listened`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  cleanup(): Promise<void> {
    return this.lab.cleanup();
  }
}
