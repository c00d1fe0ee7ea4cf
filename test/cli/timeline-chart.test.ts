import { painter, renderTimelineChart, timelineOf } from '../../src/cli';
import { planShutdown } from '../../src/core';

const plain = painter(false);

test('bars are placed in proportion to time: 48 columns for a 40s grace period', () => {
  const chart = renderTimelineChart(timelineOf(planShutdown({ appShutdownTimeout: 30, drainDelay: 5 })), { paint: plain, widthColumns: 48 });
  const rows = Object.fromEntries(chart.split('\n').slice(2).map((line) => [line.slice(0, 22).trim(), line.slice(22)]));
  // 5s of 40s is 6 columns, 30s is 36 columns, 5s margin 6 columns.
  expect(rows['preStop native-sleep'].match(/^█+/)?.[0]).toHaveLength(6);
  expect(rows['app shutdown'].indexOf('█')).toBe(6);
  expect(rows['app shutdown'].match(/█+/)?.[0]).toHaveLength(36);
  expect(rows.margin.indexOf('░')).toBe(42);
  expect(rows.SIGKILL.indexOf('▲')).toBe(48);
});

test('the axis labels every event time that fits, and always the grace period', () => {
  const chart = renderTimelineChart(timelineOf(planShutdown({ appShutdownTimeout: 30, drainDelay: 5 })), { paint: plain });
  const [labels, axis] = chart.split('\n');
  expect(labels.trim().split(/\s+/)).toEqual(['0s', '5s', '35s', '40s']);
  expect(axis.trim()).toMatch(/^├─+┼─+┼─+┤$/);
});

test('an app-side drain has no preStop row and SIGTERM at 0s', () => {
  const timeline = timelineOf(planShutdown({ appShutdownTimeout: 20, drainDelay: 10, preStop: 'app-drain' }));
  expect(timeline.spans.map((s) => [s.label, s.startSeconds, s.endSeconds])).toEqual([
    ['app-side drain', 0, 10],
    ['app shutdown', 10, 30],
    ['margin', 30, 35],
  ]);
  expect(timeline.markers.map((m) => [m.label, m.atSeconds])).toEqual([['SIGTERM', 0], ['app deadline', 30], ['SIGKILL', 35]]);
});

test('a pinned grace period longer than needed widens the margin to SIGKILL', () => {
  const timeline = timelineOf(planShutdown({ appShutdownTimeout: 30, drainDelay: 5, terminationGracePeriod: 120 }));
  expect(timeline.spans.find((s) => s.kind === 'margin')).toMatchObject({ startSeconds: 35, endSeconds: 120, note: 'safety margin 5s + pinned extra' });
  expect(timeline.totalSeconds).toBe(120);
});

test('hours-long connections still draw a visible drain bar', () => {
  const chart = renderTimelineChart(timelineOf(planShutdown({ appShutdownTimeout: 30, drainDelay: 5, longConnectionBudget: '2h' })), { paint: plain });
  expect(chart).toMatch(/^preStop native-sleep +█ +0s → 5s/m);
  expect(chart).toMatch(/^SIGKILL .* 2h10s/m);
});
