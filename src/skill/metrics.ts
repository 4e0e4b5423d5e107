// The skill's Prometheus metrics. Label values are bounded: namespace/name only for directives the
// registry knows (else "unknown"), outcomes are Alexa answer types, reasons come from the Verdict type.
import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '../metrics.ts';

export const directivesTotal = new Counter({
  name: 'mylights_alexa_directives_total',
  help: 'Directives answered, by namespace, name and outcome (the answer type, e.g. Response or INVALID_DIRECTIVE)',
  labelNames: ['namespace', 'name', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const verdictsTotal = new Counter({
  name: 'mylights_alexa_verdicts_total',
  help: 'Token verdicts seen by the skill, by kind (valid, expired, invalid, transient) and reason',
  labelNames: ['kind', 'reason'] as const,
  registers: [metricsRegistry],
});

export const directiveSeconds = new Histogram({
  name: 'mylights_alexa_directive_duration_seconds',
  help: 'Time from receiving a directive to having its answer',
  labelNames: ['namespace', 'name'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 8],
  registers: [metricsRegistry],
});
