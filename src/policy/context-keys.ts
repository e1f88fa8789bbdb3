// The context keys a policy document uses: every condition key, and every key a policy
// variable reads (Version 2012-10-17 only). What GetContextKeysFor*Policy report.

import { compileTemplate, templateKeys } from './variables.js';
import type { PolicyDocument } from './types.js';

export function contextKeysOf(doc: PolicyDocument): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  const add = (k: string): void => {
    const lower = k.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    keys.push(k);
  };
  const variables = doc.version === '2012-10-17';
  const fromText = (text: string): void => {
    if (variables && text.includes('${')) for (const k of templateKeys(compileTemplate(text))) add(k);
  };
  for (const st of doc.statements) {
    for (const r of [...(st.resource ?? []), ...(st.notResource ?? [])]) fromText(r);
    for (const c of st.conditions) {
      add(c.key);
      for (const v of c.values) fromText(v);
    }
  }
  return keys;
}
