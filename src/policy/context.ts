// The request context: condition keys and their values, looked up case-insensitively.
// Values are strings as AWS passes them (a boolean is "true", a date is ISO 8601 or epoch
// seconds); each condition operator parses them in its own type. A multivalued key holds an array.

export type ContextValue = string | readonly string[];

/** Context keys are case-insensitive: the map is keyed by the lower-cased name. */
export class RequestContext {
  private readonly values = new Map<string, ContextValue>();

  /**
   * `base` holds keys shared by many requests (a principal's, built once); this context's own
   * keys stand over it.
   */
  constructor(
    entries?: Iterable<readonly [string, ContextValue]> | Record<string, ContextValue>,
    private readonly base?: RequestContext,
  ) {
    if (!entries) return;
    const it = Symbol.iterator in entries ? entries : Object.entries(entries);
    for (const [k, v] of it) this.set(k, v);
  }

  set(key: string, value: ContextValue): this {
    this.values.set(key.toLowerCase(), value);
    return this;
  }

  /** `set` for a key already in lower case (the server's own keys, lowered once). */
  setLower(lowerKey: string, value: ContextValue): this {
    this.values.set(lowerKey, value);
    return this;
  }

  get(key: string): ContextValue | undefined {
    return this.getLower(key.toLowerCase());
  }

  /** `get` for a key already in lower case (compiled policies keep their keys lowered). */
  getLower(lowerKey: string): ContextValue | undefined {
    const own = this.values.get(lowerKey);
    return own !== undefined || !this.base ? own : this.base.getLower(lowerKey);
  }

  has(key: string): boolean {
    return this.getLower(key.toLowerCase()) !== undefined;
  }

  /** Every key, lower-cased, once. */
  keys(): IterableIterator<string> {
    if (!this.base) return this.values.keys();
    return new Set([...this.base.keys(), ...this.values.keys()]).values();
  }
}
