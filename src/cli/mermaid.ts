import type { Timeline } from './timeline-chart';
import { formatSeconds } from './timeline-chart';

/**
 * The timeline as a Mermaid gantt chart for docs. Times are Unix seconds from 0 (`dateFormat X`),
 * so the axis reads as minutes:seconds after the pod is marked Terminating.
 */
export function renderMermaidGantt(timeline: Timeline, title: string): string {
  const lines = [
    'gantt',
    `    title ${title}`,
    '    dateFormat X',
    `    axisFormat ${timeline.totalSeconds >= 3600 ? '%H:%M' : '%M:%S'}`,
    '    %% t = seconds after the pod is marked Terminating',
  ];
  const sections: Record<string, string[]> = { Routing: [], App: [], Signals: [] };
  timeline.spans.forEach((span, i) => {
    const section = span.kind === 'drain' ? 'Routing' : 'App';
    const name = `${span.label} (${formatSeconds(span.endSeconds - span.startSeconds)})`;
    sections[section].push(`    ${sanitize(name)} :${span.kind}${i}, ${span.startSeconds}, ${span.endSeconds}`);
  });
  timeline.markers.forEach((marker, i) => {
    const crit = marker.kind === 'kill' ? 'crit, ' : '';
    sections.Signals.push(`    ${sanitize(`${marker.label} at ${formatSeconds(marker.atSeconds)}`)} :${crit}milestone, m${i}, ${marker.atSeconds}, ${marker.atSeconds}`);
  });
  for (const [section, rows] of Object.entries(sections)) {
    if (rows.length === 0) continue;
    lines.push(`    section ${section}`, ...rows);
  }
  return lines.join('\n');
}

/** Mermaid task names end at `:` and `#` starts an entity: keep names plain. */
function sanitize(text: string): string {
  return text.replace(/[:#;]/g, ' ');
}
