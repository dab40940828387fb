/**
 * The `iotwarden fix …` commands that remediation text points to, in one place so the CLI and the advice stay in
 * step. The target is the host address, never the device's own name: that name is untrusted text and must not end
 * up in something a user pastes into a shell.
 */
export const FIX_COMMANDS = {
  autoUpdate: (address: string) => `iotwarden fix auto-update ${address}`,
  update: (address: string) => `iotwarden fix update ${address}`,
  cloudOff: (address: string) => `iotwarden fix cloud-off ${address}`,
  setPassword: (address: string) => `iotwarden fix set-password ${address}`,
} as const;
