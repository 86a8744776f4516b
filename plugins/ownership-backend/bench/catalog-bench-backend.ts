/*
 * The backend that catalog-bench.ts starts as a child process (not a test;
 * never run in CI): the catalog with the suite's catalog module and the
 * ownership plugin, and nothing else. The benchmark passes its generated
 * configuration with `--config`, so app-config.yaml of the repository is not
 * read; without the permission backend every permission is allowed.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@service-ownership/plugin-catalog-backend-module-ownership'),
);
backend.add(import('@service-ownership/plugin-ownership-backend'));
backend.start();
