// The process's one Prometheus registry, served at GET /metrics. Any module adds its metrics here:
//   import { metricsRegistry } from '../metrics.ts';
//   new Counter({ name: 'mylights_<area>_<what>_total', help: '...', registers: [metricsRegistry] });
// Metrics are process-wide (several Apps in one test process share them), so define each once at
// module level and keep label values bounded (never a user id, token or free text).
import { Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'mylights_' });
