// aws-cli and boto3 with STS as people use them: a profile with role_arn + source_profile +
// mfa_serial (the CLI asks for the code, assumes the role, and calls with the session), the
// regional and global STS endpoints, and boto3's assume_role. Skipped, saying why, without the tools.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateRoleCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ManualClock } from '../../src/lib/clock.js';
import { base32Decode, totp } from '../../src/lib/totp.js';
import { awsCliMissing, boto3, boto3Missing, policy, serverFixture, stsClient, tempDir, userWithKey, type Credentials } from './helpers.js';

const clock = new ManualClock(Date.now());
const fx = serverFixture({ clock });
let alice: Credentials;
let dir: string;

before(async () => {
  await fx.ready();
  alice = await userWithKey(fx.root, 'alice', { assume: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
  await fx.root.send(
    new CreateRoleCommand({
      RoleName: 'Admin',
      AssumeRolePolicyDocument: JSON.stringify(
        policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${fx.ts.accountId}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      ),
    }),
  );
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'Admin', PolicyName: 'read', PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 'iam:List*', Resource: '*' })) }));
  dir = tempDir('tessera-sts-cli-');
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runWithInput(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('aws', args, { env, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

test('aws-cli: a profile with role_arn, source_profile and mfa_serial assumes the role with the code it asks for', { skip: awsCliMissing() }, async () => {
  const t0 = clock.now().getTime();
  const device = await fx.root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-cli' }));
  const serial = device.VirtualMFADevice!.SerialNumber!;
  const key = base32Decode(new TextDecoder().decode(device.VirtualMFADevice!.Base32StringSeed))!;
  await fx.root.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: totp(key, t0 - 30_000), AuthenticationCode2: totp(key, t0) }));
  clock.set(t0 + 30_000);
  try {
    const config = join(dir, 'config');
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, `[alice]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\n`);
    writeFileSync(
      config,
      [
        `[profile alice]`,
        `region = us-east-1`,
        `endpoint_url = ${fx.ts.url}`,
        ``,
        `[profile admin]`,
        `role_arn = arn:aws:iam::${fx.ts.accountId}:role/Admin`,
        `source_profile = alice`,
        `mfa_serial = ${serial}`,
        `region = us-east-1`,
        `endpoint_url = ${fx.ts.url}`,
        ``,
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
      LANG: 'C.UTF-8',
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_PROFILE: 'admin',
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
      PYTHONWARNINGS: 'ignore',
    };
    const who = await runWithInput(['--endpoint-url', fx.ts.url, '--output', 'json', 'sts', 'get-caller-identity'], env, `${totp(key, t0 + 30_000)}\n`);
    assert.equal(who.code, 0, who.stderr);
    const identity = JSON.parse(who.stdout) as { Arn: string };
    assert.match(identity.Arn, new RegExp(`^arn:aws:sts::${fx.ts.accountId}:assumed-role/Admin/`));
    const roles = await runWithInput(['--endpoint-url', fx.ts.url, '--output', 'json', 'iam', 'list-roles'], { ...env, AWS_PROFILE: 'admin' }, `${totp(key, t0 + 30_000)}\n`);
    // The CLI caches the assumed-role credentials; a second command reuses them or asks again.
    assert.ok(roles.code === 0 || /invalid MFA one time pass code/.test(roles.stderr), roles.stderr);
  } finally {
    clock.set(Date.now());
  }
});

test('regional and global STS endpoints: any region in the signing scope', async () => {
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
    const sts = stsClient(fx.ts.url, alice, region);
    try {
      const who = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, `arn:aws:iam::${fx.ts.accountId}:user/alice`);
    } finally {
      sts.destroy();
    }
  }
});

test('boto3: assume_role and a call with the session', { skip: boto3Missing() }, async () => {
  await fx.root.send(
    new CreateRoleCommand({
      RoleName: 'Reader',
      AssumeRolePolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${fx.ts.accountId}:root` }, Action: 'sts:AssumeRole' })),
    }),
  );
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'read', PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' })) }));
  const r = await boto3(
    fx.ts.url,
    alice,
    `
out = client('sts').assume_role(RoleArn=V['role_arn'], RoleSessionName='boto', DurationSeconds=900)
c = out['Credentials']
def with_token(service, region=None):
    return boto3.client(service, endpoint_url=os.environ['TESSERA_URL'], region_name=region or 'us-east-1', aws_access_key_id=c['AccessKeyId'],
                        aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'], config=_cfg)
names = [x['RoleName'] for x in with_token('iam').list_roles()['Roles']]
who = with_token('sts', 'eu-west-1').get_caller_identity()
out = {'arn': out['AssumedRoleUser']['Arn'], 'who': who['Arn'], 'has_reader': 'Reader' in names}
`,
    { role_arn: `arn:aws:iam::${fx.ts.accountId}:role/Reader` },
  );
  assert.deepEqual(r.out, { arn: `arn:aws:sts::${fx.ts.accountId}:assumed-role/Reader/boto`, who: `arn:aws:sts::${fx.ts.accountId}:assumed-role/Reader/boto`, has_reader: true });
});
