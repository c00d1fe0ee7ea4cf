import { SHUTDOWN_TIMEOUT_ENV, type ShutdownPlan } from '../core';
import type { Painter, Style } from './color';

/** A stretch of time on the chart, in seconds after the pod is marked Terminating. */
export interface TimelineSpan {
  readonly label: string;
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly kind: 'drain' | 'app' | 'long' | 'margin';
  readonly note: string;
}

/** An instant on the chart. */
export interface TimelineMarker {
  readonly label: string;
  readonly atSeconds: number;
  readonly kind: 'signal' | 'deadline' | 'kill';
  readonly note: string;
}

/** The spans and markers of a plan's shutdown, read from the plan (no number is decided here). */
export interface Timeline {
  readonly spans: readonly TimelineSpan[];
  readonly markers: readonly TimelineMarker[];
  readonly totalSeconds: number;
}

/** Reads the timeline of a plan: drain, app shutdown, long connections, margin, SIGTERM, deadline, SIGKILL. */
export function timelineOf(plan: ShutdownPlan): Timeline {
  // When preStop runs commands before its sleep, the stop signal comes after both: read where the
  // planner put it (required grace = preStop + app budget + margin) rather than re-adding numbers.
  const d = Math.max(plan.drainDelaySeconds, plan.requiredGracePeriodSeconds - plan.safetyMarginSeconds - plan.appBudgetSeconds);
  const deadline = d + plan.appBudgetSeconds;
  const g = plan.terminationGracePeriodSeconds;
  const spans: TimelineSpan[] = [];
  const markers: TimelineMarker[] = [];
  const hook = plan.preStopMechanism !== 'app-drain' && plan.preStopMechanism !== 'none';
  if (hook) {
    const note = d > plan.drainDelaySeconds
      ? `preStop commands, then the ${plan.drainDelaySeconds}s drain; the app still serves`
      : 'routers forget the pod; the app still serves';
    spans.push({ label: `preStop ${plan.preStopMechanism}`, startSeconds: 0, endSeconds: d, kind: 'drain', note });
  } else if (plan.preStopMechanism === 'app-drain') {
    spans.push({ label: 'app-side drain', startSeconds: 0, endSeconds: d, kind: 'drain', note: 'no hook: the app keeps serving after SIGTERM' });
  }
  markers.push({ label: 'SIGTERM', atSeconds: hook ? d : 0, kind: 'signal', note: hook ? 'preStop returns; the stop signal' : 'the stop signal, at once' });
  spans.push({
    label: 'app shutdown',
    startSeconds: d,
    endSeconds: d + plan.appShutdownTimeoutSeconds,
    kind: 'app',
    note: `finish in-flight requests (appShutdownTimeout ${plan.appShutdownTimeoutSeconds}s)`,
  });
  if (plan.longConnectionBudgetSeconds > 0) {
    spans.push({
      label: 'long connections',
      startSeconds: d,
      endSeconds: d + plan.longConnectionBudgetSeconds,
      kind: 'long',
      note: `WebSocket/streams may run on (longConnectionBudget ${plan.longConnectionBudgetSeconds}s)`,
    });
  }
  markers.push({ label: 'app deadline', atSeconds: deadline, kind: 'deadline', note: `${SHUTDOWN_TIMEOUT_ENV}=${plan.appBudgetSeconds}: the app gives up and exits` });
  if (g > deadline) {
    spans.push({
      label: 'margin',
      startSeconds: deadline,
      endSeconds: g,
      kind: 'margin',
      note: g - deadline === plan.safetyMarginSeconds ? 'headroom for exit and shutdown hooks' : `safety margin ${plan.safetyMarginSeconds}s + pinned extra`,
    });
  }
  markers.push({ label: 'SIGKILL', atSeconds: g, kind: 'kill', note: `terminationGracePeriodSeconds ${g}` });
  return { spans, markers, totalSeconds: g };
}

/** Drawing characters; `ascii` for terminals without Unicode. */
export type Charset = 'unicode' | 'ascii';

const GLYPHS: Record<Charset, { bars: Record<TimelineSpan['kind'], string>; marker: string; axis: string; tick: string; start: string; end: string; arrow: string }> = {
  unicode: { bars: { drain: '█', app: '█', long: '▒', margin: '░' }, marker: '▲', axis: '─', tick: '┼', start: '├', end: '┤', arrow: '→' },
  ascii: { bars: { drain: '#', app: '=', long: '~', margin: '.' }, marker: '^', axis: '-', tick: '+', start: '|', end: '|', arrow: '->' },
};

const SPAN_STYLE: Record<TimelineSpan['kind'], Style> = { drain: 'cyan', app: 'green', long: 'blue', margin: 'dim' };
const MARKER_STYLE: Record<TimelineMarker['kind'], Style> = { signal: 'yellow', deadline: 'magenta', kill: 'red' };

export interface ChartOptions {
  /** Columns for the whole grace period. @default 48 */
  readonly widthColumns?: number;
  /** @default 'unicode' */
  readonly charset?: Charset;
  readonly paint: Painter;
}

/** Draws the timeline as a gantt chart: one row per span and marker, a time axis, and a note per row. */
export function renderTimelineChart(timeline: Timeline, options: ChartOptions): string {
  const width = Math.max(10, options.widthColumns ?? 48);
  const glyphs = GLYPHS[options.charset ?? 'unicode'];
  const total = Math.max(timeline.totalSeconds, 1);
  const col = (seconds: number) => Math.round((seconds * width) / total);
  const labelWidth = Math.max(...[...timeline.spans, ...timeline.markers].map((r) => r.label.length)) + 2;
  const pad = ' '.repeat(labelWidth);
  const times = [...new Set([0, ...timeline.spans.flatMap((s) => [s.startSeconds, s.endSeconds]), ...timeline.markers.map((m) => m.atSeconds)])]
    .filter((t) => t >= 0 && t <= total)
    .sort((a, b) => a - b);

  const labels = placeLabels(times.map((t) => ({ at: col(t), text: formatSeconds(t) })), width);
  const axis = Array.from({ length: width + 1 }, (_, i) => (i === 0 ? glyphs.start : i === width ? glyphs.end : glyphs.axis));
  for (const t of times) if (col(t) > 0 && col(t) < width) axis[col(t)] = glyphs.tick;

  const lines = [`${pad}${labels}`, `${pad}${axis.join('')}`];
  const noteColumn = width + 3;
  for (const span of timeline.spans) {
    const start = col(span.startSeconds);
    const end = Math.max(col(span.endSeconds), start + 1);
    const bar = ' '.repeat(start) + options.paint(SPAN_STYLE[span.kind], glyphs.bars[span.kind].repeat(end - start));
    const range = `${formatSeconds(span.startSeconds)} ${glyphs.arrow} ${formatSeconds(span.endSeconds)}`;
    lines.push(`${span.label.padEnd(labelWidth)}${bar}${' '.repeat(Math.max(1, noteColumn - end))}${range.padEnd(16)}${options.paint('dim', span.note)}`);
  }
  for (const marker of timeline.markers) {
    const at = Math.min(col(marker.atSeconds), width);
    const row = ' '.repeat(at) + options.paint(MARKER_STYLE[marker.kind], glyphs.marker);
    lines.push(`${marker.label.padEnd(labelWidth)}${row}${' '.repeat(Math.max(1, noteColumn - at - 1))}${formatSeconds(marker.atSeconds).padEnd(16)}${options.paint('dim', marker.note)}`);
  }
  return lines.join('\n');
}

/** Places time labels on one line, dropping those that would overlap (the last one always stays). */
function placeLabels(labels: ReadonlyArray<{ at: number; text: string }>, width: number): string {
  const placed: Array<{ at: number; text: string }> = [];
  for (const label of labels) {
    const at = Math.min(label.at, Math.max(0, width + 1 - label.text.length));
    const previous = placed[placed.length - 1];
    if (previous && at <= previous.at + previous.text.length) {
      if (label === labels[labels.length - 1]) placed.pop();
      else continue;
    }
    placed.push({ at, text: label.text });
  }
  let line = '';
  for (const label of placed) line = line.padEnd(label.at) + label.text;
  return line;
}

/** `45s`, `2m30s`, `1h`: the chart's time labels. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}
