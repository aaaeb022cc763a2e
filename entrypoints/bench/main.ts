import { benchApi } from '@/bench/support/page-api';

// Exposes the benchmark API to the Playwright driver (bench/foundation.ts).
(globalThis as unknown as { outpostBench: typeof benchApi }).outpostBench = benchApi;
document.title = 'Outpost bench ready';
