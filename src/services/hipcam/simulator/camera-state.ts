import type { IpCameraSettings } from './settings.ts';

/** What the camera remembers across requests: the web login can be changed through its CGI. */
export class CameraState {
  readonly settings: IpCameraSettings;
  readonly name: string;
  readonly mac: string;
  username: string;
  password: string;
  hostname = '(none)';

  constructor(settings: IpCameraSettings, name: string, mac: string) {
    this.settings = settings;
    this.name = name;
    this.mac = mac;
    this.username = settings.auth.username;
    this.password = settings.auth.password;
  }

  /** Checks an HTTP/RTSP `Authorization: Basic` header against the current web login. */
  acceptsBasic(header: string | undefined): boolean {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && decoded.slice(0, colon) === this.username && decoded.slice(colon + 1) === this.password;
  }
}
