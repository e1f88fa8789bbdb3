// Compiled policies, cached by content: the same policy text (and type) compiles once, whichever
// entity it is attached to. A changed policy is a different text, so it is a different entry; the
// least recently used entries fall out when the cache is full.

import { validatePolicy, type ValidateOptions } from '../policy/validate.js';
import type { Diagnostic } from '../policy/types.js';
import { CompiledPolicy } from './compile.js';

export type LoadResult = { ok: true; policy: CompiledPolicy } | { ok: false; errors: Diagnostic[] };

export class PolicyCache {
  private readonly entries = new Map<string, LoadResult>();

  constructor(private readonly capacity = 10_000) {}

  load(text: string, options: ValidateOptions): LoadResult {
    const key = `${options.type}\u0000${options.maxLength ?? ''}\u0000${options.inline ? 'i' : ''}\u0000${text}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert to mark as recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const v = validatePolicy(text, options);
    const result: LoadResult = v.ok ? { ok: true, policy: new CompiledPolicy(v.document) } : { ok: false, errors: v.errors };
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, result);
    return result;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
