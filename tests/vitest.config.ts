import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export default defineConfig({
  root,
  resolve: { alias: { '~': root + 'src', '@labs': root + 'labs' } },
  test: { include: ['tests/unit/**/*.test.ts'], environment: 'node' },
});
