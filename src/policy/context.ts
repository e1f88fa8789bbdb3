// The request context: condition keys and their values, looked up case-insensitively.
// Values are strings as AWS passes them (a boolean is "true", a date is ISO 8601 or epoch
// seconds); each condition operator parses them in its own type. A multivalued key holds an array.

export type ContextValue = string | readonly string[];

/** Context keys are case-insensitive: the map is keyed by the lower-cased name. */
export class RequestContext {
  private readonly values = new Map<string, ContextValue>();

  constructor(entries?: Iterable<readonly [string, ContextValue]> | Record<string, ContextValue>) {
    if (!entries) return;
    const it = Symbol.iterator in entries ? entries : Object.entries(entries);
    for (const [k, v] of it) this.set(k, v);
  }

  set(key: string, value: ContextValue): this {
    this.values.set(key.toLowerCase(), value);
    return this;
  }

  get(key: string): ContextValue | undefined {
    return this.values.get(key.toLowerCase());
  }

  /** `get` for a key already in lower case (compiled policies keep their keys lowered). */
  getLower(lowerKey: string): ContextValue | undefined {
    return this.values.get(lowerKey);
  }

  has(key: string): boolean {
    return this.values.has(key.toLowerCase());
  }

  keys(): IterableIterator<string> {
    return this.values.keys();
  }
}
