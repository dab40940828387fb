/**
 * When serve and run work unless iotwarden.yaml says otherwise (croner patterns). Apart from the schema, so that
 * `iotwarden run --help` can name them without loading zod (docs/decisions/lazy-commands.md).
 */
export const SERVE_DEFAULTS = {
  scan: '0 */6 * * *',
  dnsImport: '*/5 * * * *',
  firmwareCheck: '15 */6 * * *',
  maintenance: '*/5 * * * *',
} as const;
