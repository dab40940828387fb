import { renderHtml } from './render-html.ts';
import { renderJson } from './render-json.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { ReportFormat } from './report-formats.ts';
import type { ReportModel } from './report-model.ts';

export { REPORT_FORMATS, type ReportFormat } from './report-formats.ts';

/** The whole home as one document: Markdown, a self-contained HTML page, or the `--json` contract. */
export function renderReport(model: ReportModel, format: ReportFormat): string {
  switch (format) {
    case 'md':
      return renderMarkdown(model);
    case 'json':
      return renderJson(model);
    case 'html':
      return renderHtml(model);
  }
}
