import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RequestContext } from './context.js';
import { compileTemplate, resolveTemplate, templateKeys } from './variables.js';

// Examples from "IAM policy elements: Variables and tags":
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
const ctx = new RequestContext({
  'aws:username': 'JohnDoe',
  'aws:userid': 'AIDAJQABLZS4A3QDU576Q',
  'aws:PrincipalTag/team': 'yellow',
  'aws:PrincipalTag/department': '',
  'aws:SourceIdentity': 'alice',
  'aws:CalledVia': ['athena.amazonaws.com', 'cloudformation.amazonaws.com'],
  'ec2:SourceInstanceARN': 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123',
});

describe('resolveTemplate', () => {
  const table: { name: string; text: string; expected: string | undefined; keys: string[] }[] = [
    { name: 'no variable', text: 'arn:aws:s3:::amzn-s3-demo-bucket', expected: 'arn:aws:s3:::amzn-s3-demo-bucket', keys: [] },
    {
      name: 'doc example: home folder',
      text: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*',
      expected: 'arn:aws:s3:::amzn-s3-demo-bucket/home/JohnDoe/*',
      keys: ['aws:username'],
    },
    {
      name: 'doc example: tag as variable',
      text: 'arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team}',
      expected: 'arn:aws:s3:::amzn-s3-demo-bucket-yellow',
      keys: ['aws:PrincipalTag/team'],
    },
    {
      name: 'doc example: default value used when the tag is absent',
      text: "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/project, 'company-wide'}",
      expected: 'arn:aws:s3:::amzn-s3-demo-bucket-company-wide',
      keys: ['aws:PrincipalTag/project'],
    },
    {
      name: 'default value ignored when the key is present',
      text: "${aws:PrincipalTag/team, 'company-wide'}",
      expected: 'yellow',
      keys: ['aws:PrincipalTag/team'],
    },
    { name: 'empty value is a value', text: "x${aws:PrincipalTag/department, 'd'}y", expected: 'xy', keys: ['aws:PrincipalTag/department'] },
    { name: 'key names are case-insensitive', text: '${AWS:UserName}', expected: 'JohnDoe', keys: ['AWS:UserName'] },
    { name: 'two variables', text: '${aws:username}-${aws:userid}', expected: 'JohnDoe-AIDAJQABLZS4A3QDU576Q', keys: ['aws:username', 'aws:userid'] },
    { name: 'repeated key listed once', text: '${aws:username}/${aws:Username}', expected: 'JohnDoe/JohnDoe', keys: ['aws:username'] },
    { name: 'service key', text: '${ec2:SourceInstanceARN}', expected: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123', keys: ['ec2:SourceInstanceARN'] },
    { name: 'absent key, no default: no value', text: 'home/${aws:FederatedProvider}/*', expected: undefined, keys: ['aws:FederatedProvider'] },
    { name: 'multivalued key cannot be substituted', text: '${aws:CalledVia}', expected: undefined, keys: ['aws:CalledVia'] },
    { name: "multivalued key: a default does not apply", text: "${aws:CalledVia, 'x'}", expected: undefined, keys: ['aws:CalledVia'] },
    { name: 'empty default', text: "a${aws:PrincipalTag/x, ''}b", expected: 'ab', keys: ['aws:PrincipalTag/x'] },
    { name: 'blanks around key and default', text: "${ aws:PrincipalTag/x ,  'dflt' }", expected: 'dflt', keys: ['aws:PrincipalTag/x'] },
    { name: "doubled quote in a default", text: "${aws:PrincipalTag/x, 'it''s'}", expected: "it's", keys: ['aws:PrincipalTag/x'] },
    { name: 'default holding a brace', text: "${aws:PrincipalTag/x, 'a}b'}", expected: 'a}b', keys: ['aws:PrincipalTag/x'] },
    { name: 'one round of substitution only', text: "${aws:PrincipalTag/x, '${aws:username}'}", expected: '${aws:username}', keys: ['aws:PrincipalTag/x'] },
    // Escapes stay in the text: glob.ts turns them into literal characters when matching.
    { name: 'escape ${*} stays', text: 'arn:aws:s3:::b/${*}/${aws:username}', expected: 'arn:aws:s3:::b/${*}/JohnDoe', keys: ['aws:username'] },
    { name: 'escapes only: constant', text: 'a${?}b${$}c${*}', expected: 'a${?}b${$}c${*}', keys: [] },
    { name: '${$} followed by braces is not a variable', text: '${$}{aws:username}', expected: '${$}{aws:username}', keys: [] },
    // Malformed variables are literal text.
    { name: 'empty braces', text: 'a${}b', expected: 'a${}b', keys: [] },
    { name: 'unclosed', text: 'a${aws:username', expected: 'a${aws:username', keys: [] },
    { name: 'space inside key', text: '${aws:user name}', expected: '${aws:user name}', keys: [] },
    { name: 'default without quotes', text: '${aws:PrincipalTag/x, dflt}', expected: '${aws:PrincipalTag/x, dflt}', keys: [] },
    { name: 'unterminated default', text: "${aws:PrincipalTag/x, 'dflt}", expected: "${aws:PrincipalTag/x, 'dflt}", keys: [] },
    { name: 'dollar alone', text: 'price$5', expected: 'price$5', keys: [] },
    { name: 'variable then literal brace text', text: '${aws:username}}', expected: 'JohnDoe}', keys: ['aws:username'] },
  ];
  for (const { name, text, expected, keys } of table) {
    test(name, () => {
      const t = compileTemplate(text);
      assert.equal(resolveTemplate(t, ctx), expected);
      assert.deepEqual(templateKeys(t), keys);
      if (keys.length === 0) assert.equal(t.kind, 'constant');
    });
  }
});

describe('compileTemplate', () => {
  test('parts alternate text and variables', () => {
    assert.deepEqual(compileTemplate("a${aws:username}b${aws:PrincipalTag/t, 'd'}"), {
      kind: 'parts',
      parts: [
        { kind: 'text', text: 'a' },
        { kind: 'variable', key: 'aws:username' },
        { kind: 'text', text: 'b' },
        { kind: 'variable', key: 'aws:PrincipalTag/t', default: 'd' },
      ],
    });
  });

  test('a text without "${" is a constant', () => {
    assert.deepEqual(compileTemplate('arn:aws:s3:::b/*'), { kind: 'constant', text: 'arn:aws:s3:::b/*' });
  });
});
