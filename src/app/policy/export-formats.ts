/** What `policy export --format` writes; apart from the exporters so the CLI's definition stays cheap to load. */
export const EXPORT_FORMATS = ['nftables', 'openwrt', 'mud'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
