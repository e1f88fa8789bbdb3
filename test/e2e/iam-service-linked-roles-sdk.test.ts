// Service-linked roles through the SDK: created with the service's name, path, trust policy and
// managed policy; protected from ordinary role calls; deleted with a task whose status is read back.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  ListAttachedRolePoliciesCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture();

test('create: AWS name, path, trust policy and managed policy; a second one is taken; custom suffixes where allowed', async () => {
  const out = await fx.root.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', Description: 'for ASG' }));
  const role = out.Role!;
  assert.equal(role.RoleName, 'AWSServiceRoleForAutoScaling');
  assert.equal(role.Path, '/aws-service-role/autoscaling.amazonaws.com/');
  assert.equal(role.Arn, `arn:aws:iam::${fx.ts.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`);
  assert.match(role.RoleId!, /^AROA/);
  const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)) as { Statement: { Principal: { Service: string } }[] };
  assert.equal(trust.Statement[0]!.Principal.Service, 'autoscaling.amazonaws.com');
  const attached = await fx.root.send(new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName }));
  assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), ['arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy']);

  await rejectsWith(fx.root.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' })), { code: 'InvalidInput', status: 400, message: /has been taken/ });
  const custom = await fx.root.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'fleet' }));
  assert.equal(custom.Role?.RoleName, 'AWSServiceRoleForAutoScaling_fleet');
  await rejectsWith(fx.root.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: 'x' })), { code: 'InvalidInput', status: 400 });
  await rejectsWith(fx.root.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'nope.amazonaws.com' })), { code: 'InvalidInput', status: 400 });
});

test('ordinary role calls cannot change or delete it; DeleteServiceLinkedRole does, with a task status', async () => {
  await fx.root.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
  await rejectsWith(fx.root.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForECS' })), { code: 'UnmodifiableEntity', status: 400 });
  await rejectsWith(
    fx.root.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'AWSServiceRoleForECS', PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })) })),
    { code: 'UnmodifiableEntity', status: 400 },
  );
  const del = await fx.root.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
  assert.match(del.DeletionTaskId!, /^task\/aws-service-role\/ecs\.amazonaws\.com\/AWSServiceRoleForECS\/[0-9a-f-]{36}$/);
  const status = await fx.root.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: del.DeletionTaskId }));
  assert.equal(status.Status, 'SUCCEEDED');
  await rejectsWith(fx.root.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' })), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/00000000-0000-0000-0000-000000000000' })), {
    code: 'NoSuchEntity',
    status: 404,
  });
});

test('authorization: iam:AWSServiceName names the service', async () => {
  const c = fx.iam(
    await userWithKey(fx.root, 'slr-maker', {
      p: policy({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': 'rds.amazonaws.com' } } }),
    }),
  );
  await c.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'rds.amazonaws.com' }));
  await rejectsWith(c.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${fx.ts.accountId}:user/slr-maker is not authorized to perform: iam:CreateServiceLinkedRole on resource: arn:aws:iam::${fx.ts.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig because no identity-based policy allows the iam:CreateServiceLinkedRole action`,
  });
});
