/**
 * The `iotwarden …` commands that remediation text points to, in one place so the CLI and the advice stay in step
 * (src/checks/data-checks.test.ts parses every command named in any finding's advice against the real program).
 * The target is the host address, never the device's own name: that name is untrusted text and must not end up in
 * something a user pastes into a shell.
 */
export const FIX_COMMANDS = {
  autoUpdate: (address: string) => `iotwarden fix auto-update ${address}`,
  /** The change `fix apply` makes for one finding of one device (`fix plan` with the same options shows it first). */
  apply: (address: string, checkId: string) => `iotwarden fix apply --device ${address} --check ${checkId}`,
  /** Installing the firmware the device offers, within the owner's policy (canary first, health-checked). */
  update: (address: string) => `iotwarden firmware apply --now --device ${address}`,
} as const;
