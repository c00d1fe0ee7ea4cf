// The graceful-k8s policy pack (docs/pulumi-policy.md): one stack policy per audit rule and severity,
// `<rule-id>-error` mandatory, `<rule-id>-warning` advisory, `<rule-id>-info` disabled unless enabled in the config.
import { PolicyPack } from '@pulumi/policy';
import { gracefulK8sPolicies } from 'graceful-k8s/pulumi-policy';

new PolicyPack('graceful-k8s', {
  policies: gracefulK8sPolicies({
    failOn: 'error', // 'warning' makes every <rule-id>-warning policy mandatory too
    disabledRules: [], // rule ids not to run, e.g. 'single-replica-no-pdb'
    suppressions: [
      // acknowledged findings: { rule, workload?: Kind/name or namespace/Kind/name, reason }
      { rule: 'single-replica-no-pdb', workload: 'Deployment/metrics', reason: 'one replica by design, a gap in metrics is fine' },
    ],
  }),
});
