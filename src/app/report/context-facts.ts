/** The rows a report adds for what the home's sources know of a device: room, controlling integration, sources. */
import type { ReportDevice } from './report-model.ts';

/** Extra fact rows (label, value); none for a report of one scan, which has no context. */
export function contextFacts(device: ReportDevice): Array<[string, string | null]> {
  const context = device.context;
  if (!context) return [];
  const rows: Array<[string, string | null]> = [];
  if (context.area) rows.push(['Room', [context.area, context.floor].filter(Boolean).join(' · ')]);
  if (context.homeAssistant) {
    const { integration, title } = context.homeAssistant;
    rows.push(['Controlled by', `Home Assistant's ${integration} integration${title ? ` ("${title}")` : ''}`]);
  }
  if (context.sources.length > 0) rows.push(['Also known to', context.sources.join(', ')]);
  return rows;
}

/** "score 72/100", or "not scanned yet" for a device only the home's sources have seen. */
export function scoreText(device: ReportDevice): string {
  return device.context?.scanned === false ? 'not scanned yet' : `score ${device.score}/100`;
}
