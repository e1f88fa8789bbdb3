// Encoded authorization failure messages (--encode-authorization-messages) and
// sts:DecodeAuthorizationMessage: the denial carries a sealed account of the decision, which a
// caller allowed to decode reads back in AWS's shape; nobody else can.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import { awsError, policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture({ env: { TESSERA_ENCODE_AUTHORIZATION_MESSAGES: '1' } });

test('a denial carries an encoded message that sts:DecodeAuthorizationMessage opens for an allowed caller only', async () => {
  const root = fx.root;
  const nobody = fx.iam(await userWithKey(root, 'nobody', {}));
  const decoderKey = await userWithKey(root, 'decoder', { d: policy({ Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' }) });
  const decoder = fx.sts(decoderKey);
  const outsider = fx.sts(await userWithKey(root, 'outsider', {}));

  const err = await awsError(nobody.send(new ListRolesCommand({})));
  assert.equal(err.code, 'AccessDenied');
  const m = /^User: (arn:\S+) is not authorized to perform: iam:ListRoles on resource: (\S+) because no identity-based policy allows the iam:ListRoles action\. Encoded authorization failure message: ([A-Za-z0-9_-]+)$/.exec(err.message);
  assert.ok(m, err.message);
  const encoded = m[3]!;

  const out = await decoder.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
  const decoded = JSON.parse(out.DecodedMessage ?? '{}') as {
    allowed: boolean;
    explicitDeny: boolean;
    context: { principal: { arn: string; name: string; id: string }; action: string; resource: string; conditions: { items: { key: string }[] } };
  };
  assert.equal(decoded.allowed, false);
  assert.equal(decoded.explicitDeny, false);
  assert.equal(decoded.context.principal.arn, `arn:aws:iam::${fx.ts.accountId}:user/nobody`);
  assert.equal(decoded.context.principal.name, 'nobody');
  assert.match(decoded.context.principal.id, /^AIDA/);
  assert.equal(decoded.context.action, 'iam:ListRoles');
  assert.equal(decoded.context.resource, m[2]);
  assert.ok(decoded.context.conditions.items.some((c) => c.key === 'aws:sourceip'));

  await rejectsWith(outsider.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })), { code: 'AccessDenied', status: 403 });
  const altered = encoded.slice(0, 10) + (encoded[10] === 'A' ? 'B' : 'A') + encoded.slice(11);
  await rejectsWith(decoder.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: altered })), { code: 'InvalidAuthorizationMessageException', status: 400 });
});
