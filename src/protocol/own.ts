// Writing caller-chosen keys (map keys from a request) into plain objects: always as own
// properties, so a key of "__proto__" is data, never the object's prototype.

export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
