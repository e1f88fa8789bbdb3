import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsManaged } from './aws-managed.js';
import { LINKED_SERVICES } from './service-linked-roles.js';

test('every service-linked role policy in the table is an AWS-managed service-role policy of the catalogue', () => {
  for (const [service, s] of Object.entries(LINKED_SERVICES)) {
    const arn = `arn:aws:iam::aws:policy/aws-service-role/${s.policy}`;
    assert.ok(awsManaged.get(arn), `${service}: ${arn} is not in the catalogue`);
    assert.match(service, /^[a-z0-9-]+\.amazonaws\.com$/);
    assert.match(s.roleSuffix, /^[A-Za-z0-9]+$/);
  }
});
