/** The formats `report --format` offers; apart from the renderers so the CLI's definition stays cheap to load. */
export const REPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
