// Dependency-free helpers: clock, ids, constant-time comparison, sealing.
export { systemClock, ManualClock, type Clock } from './clock.js';
export { constantTimeEqual } from './compare.js';
export { uniqueId, accessKeyId, accountOfAccessKeyId, secretAccessKey, requestId, accountId, type UniqueIdPrefix } from './ids.js';
export { SealingKey } from './sealing.js';
