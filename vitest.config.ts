// One runner for unit, integration, fuzz and e2e tests. Benchmarks live in tests/bench and run via `npm run bench`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,integration,fuzz,e2e}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: integration tests start brokers, ptys and servers; keep parallelism modest.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
