// Encoded authorization failure messages, as AWS services append them to an AccessDenied
// ("Encoded authorization failure message: ..."), and their decoding for sts:DecodeAuthorizationMessage.
// The message is sealed (AES-256-GCM under a key derived from the master key): only this
// installation opens it, and only for a caller allowed to decode. Decoded, it has AWS's shape:
// allowed, explicitDeny, matchedStatements, failures, context (principal, action, resource,
// conditions).

import type { SealingKey } from '../lib/sealing.js';
import type { Decision, Principal } from '../evaluation/index.js';
import type { RequestContext } from '../policy/context.js';

const LABEL = 'tessera/sts/authorization-message/v1';
const CONTEXT = 'authorization-message';

export interface FailureFacts {
  readonly principal: Principal;
  readonly principalId?: string;
  readonly principalName?: string;
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
  /** The decision, evaluated in explain mode (matched statements filled). */
  readonly decision: Decision;
}

/** Seals and opens authorization failure messages under one key derived from the master key. */
export class AuthorizationMessages {
  private readonly key: SealingKey;

  constructor(master: SealingKey) {
    this.key = master.derive(LABEL);
  }

  encode(f: FailureFacts): string {
    const conditions = [...f.context.keys()].sort().map((key) => {
      const v = f.context.getLower(key);
      const values = typeof v === 'string' ? [v] : [...(v ?? [])];
      return { key, values: { items: values.map((value) => ({ value })) } };
    });
    const decoded = {
      allowed: f.decision.outcome === 'Allow',
      explicitDeny: f.decision.outcome === 'ExplicitDeny',
      matchedStatements: {
        items: f.decision.matched.map((m) => ({
          statementId: m.sid ?? '',
          effect: m.effect.toUpperCase(),
          policy: m.policyId,
          policyType: m.kind,
          position: { start: m.start, end: m.end },
        })),
      },
      failures: { items: [] as unknown[] },
      context: {
        principal: {
          ...(f.principalId !== undefined ? { id: f.principalId } : {}),
          ...(f.principalName !== undefined ? { name: f.principalName } : {}),
          ...('arn' in f.principal ? { arn: f.principal.arn } : {}),
        },
        action: f.action,
        resource: f.resource,
        conditions: { items: conditions },
      },
    };
    return this.key.seal(JSON.stringify(decoded), CONTEXT).toString('base64url');
  }

  /** The decoded JSON text, or undefined when the message is not one of ours or was altered. */
  decode(encoded: string): string | undefined {
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
    const plain = this.key.open(Buffer.from(encoded, 'base64url'), CONTEXT);
    return plain?.toString('utf8');
  }
}
