/**
 * `npm run synth`: synthesizes every example to dist/<chart>.k8s.yaml and prints each example's
 * shutdown timeline and warnings.
 */
import { App, type Chart } from 'cdk8s';
import { DistrolessGoApiChart } from './distroless-go-api';
import { SpringBootRegistryChart } from './spring-boot-registry';
import { WebSocketGameServerChart } from './websocket-game-server';
import { collectWarnings, type GracefulDeployment } from 'graceful-k8s/cdk8s-plus-27';

export interface SynthesizedExample {
  readonly chart: string;
  readonly file: string;
  readonly explain: string;
  readonly warnings: readonly string[];
}

/** Builds the example charts in an app writing to `outdir`. */
export function buildExamples(app: App): Array<Chart & { deployment: GracefulDeployment }> {
  return [
    new SpringBootRegistryChart(app, 'spring-boot-registry'),
    new DistrolessGoApiChart(app, 'distroless-go-api'),
    new WebSocketGameServerChart(app, 'websocket-game-server'),
  ];
}

export function synthExamples(outdir: string): SynthesizedExample[] {
  const app = new App({ outdir });
  const charts = buildExamples(app);
  app.synth();
  return charts.map((chart) => ({
    chart: chart.node.id,
    file: `${outdir}/${chart.node.id}.k8s.yaml`,
    explain: chart.deployment.plan.explain(),
    warnings: collectWarnings(chart),
  }));
}

if (require.main === module) {
  for (const example of synthExamples('dist')) {
    console.log(`=== ${example.chart} -> ${example.file}`);
    console.log(example.explain);
    for (const warning of example.warnings) console.error(`warning: ${warning}`);
    console.log('');
  }
}
