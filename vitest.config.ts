import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Simulators bind real loopback sockets; files run in parallel but each picks its own 127.77.x.y block.
    pool: 'forks',
  },
});
