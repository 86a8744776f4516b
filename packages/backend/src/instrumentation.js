// Loaded before the backend with `--require` (see the start script and the
// README): OpenTelemetry's Node SDK with a Prometheus endpoint, so that the
// metrics Backstage and the ownership plugin record through
// @opentelemetry/api can be scraped. It must run before anything else
// imports the API, hence a plain CommonJS file outside the bundle.
//
// OTEL_EXPORTER_PROMETHEUS_PORT (default 9464) and
// OTEL_EXPORTER_PROMETHEUS_HOST (default 127.0.0.1, as the dev portal binds)
// choose where /metrics is served; OTEL_SDK_DISABLED=true turns it off.

// Backstage runs some work in worker threads: start the SDK once
const { isMainThread } = require('node:worker_threads');

if (isMainThread && process.env.OTEL_SDK_DISABLED !== 'true') {
  // Only metrics: no trace or log exporter unless configured otherwise
  process.env.OTEL_TRACES_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');

  const port = Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT ?? 9464);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `OTEL_EXPORTER_PROMETHEUS_PORT must be a port number, got ${process.env.OTEL_EXPORTER_PROMETHEUS_PORT}`,
    );
  }
  const host = process.env.OTEL_EXPORTER_PROMETHEUS_HOST ?? '127.0.0.1';
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'backstage-backend',
    // the process detector would publish the command line in target_info
    autoDetectResources: false,
    metricReader: new PrometheusExporter({ host, port }),
  });
  sdk.start();
  process.once('SIGTERM', () => {
    sdk.shutdown().catch(() => {});
  });
}
