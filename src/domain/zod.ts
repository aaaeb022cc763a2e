import { config, z } from 'zod';

// zod 4 probes `new Function('')` to decide whether to JIT its parsers; MV3's CSP forbids that
// and logs a violation on every extension page. Jitless parsing is fast enough for our records.
config({ jitless: true });

export { z };
