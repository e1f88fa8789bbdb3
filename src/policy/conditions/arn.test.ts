import { describe } from 'node:test';
import { table } from './test-table.js';



const FINANCE = 'arn:aws:someservice:*:111122223333:finance/*';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:my-topic';

describe('ARN operators', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
  // ("With a StringLike condition, the match succeeds ... With an ArnLike condition, which matches
  // elements between colons, the match fails"; the SQS queue policy with ArnEquals aws:SourceArn,
  // false when the key is absent)
  describe('worked examples from "Condition operators"', () => {
    const crossing = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    table([
      ['StringLike', [FINANCE], crossing, true],
      ['ArnLike', [FINANCE], crossing, false],
      ['ArnEquals', [FINANCE], crossing, false],
      ['ArnNotLike', [FINANCE], crossing, true],
      ['ArnLike', [FINANCE], 'arn:aws:someservice:us-east-2:111122223333:finance/document.txt', true],
      ['ArnEquals', [TOPIC], TOPIC, true],
      ['ArnEquals', [TOPIC], 'arn:aws:sns:us-east-1:123456789012:other-topic', false],
      ['ArnEquals', [TOPIC], undefined, false],
    ]);
  });

  // "Each of the six colon-delimited components of the ARN is checked separately and each can
  // include ... wildcards"; "ArnEquals and ArnLike ... behave identically"; case-sensitive.
  describe('component matching', () => {
    for (const operator of ['ArnEquals', 'ArnLike']) {
      table([
        [operator, ['arn:aws:sns:*:123456789012:*'], 'arn:aws:sns:eu-west-1:123456789012:t', true],
        [operator, ['arn:aws:iam::12345678901?:root'], 'arn:aws:iam::123456789012:root', true],
        [operator, ['arn:aws:iam::12345678901?:root'], 'arn:aws:iam::1234567890123:root', false],
        [operator, ['arn:aws:lambda:us-east-1:123456789012:function:*'], 'arn:aws:lambda:us-east-1:123456789012:function:f:1', true],
        [operator, ['arn:aws:s3:*:*:bucket/*'], 'arn:aws:s3:::bucket/key', true],
        [operator, ['arn:*:*:*:*:*'], 'arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-1', true],
        [operator, ['arn:aws:iam::*:role/x'], 'arn:aws:iam::111:222:role/x', false],
        [operator, ['arn:aws:iam::*:role/Admin*'], 'arn:aws:iam::123456789012:role/admin', false],
        [operator, ['arn:aws:iam::*:role/Admin*'], 'arn:aws:iam::123456789012:role/Admins', true],
        [operator, ['arn:aws:iam::123456789012:role/A'], 'arn:aws:iam::123456789012:role/a', false],
        [operator, ['arn:aws:IAM::*:*'], 'arn:aws:iam::123456789012:root', false],
      ]);
    }
  });

  describe('values that are not ARNs match nothing', () => {
    table([
      ['ArnLike', ['arn:*:*:*:*:*'], 'not-an-arn', false],
      ['ArnLike', ['arn:*:*:*:*:*'], 'arn:aws:s3', false],
      ['ArnLike', ['arn:*:*:*:*:*'], '', false],
      ['ArnLike', ['*'], 'arn:aws:s3:::bucket', false],
      ['ArnLike', ['arn:aws:iam::*'], 'arn:aws:iam::123456789012:root', false],
      ['ArnEquals', ['not-an-arn'], 'not-an-arn', false],
      ['ArnNotLike', ['arn:*:*:*:*:*'], 'not-an-arn', true],
      ['ArnLike', ['*', 'arn:aws:s3:::*'], 'arn:aws:s3:::bucket', true],
    ]);
  });

  // Negated operators, missing keys and multiple values (a NOR).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
  describe('negation, IfExists and qualifiers', () => {
    const roleA = 'arn:aws:iam::123456789012:role/a';
    const roleB = 'arn:aws:iam::123456789012:role/b';
    table([
      ['ArnNotEquals', [roleA], roleB, true],
      ['ArnNotEquals', [roleA], roleA, false],
      ['ArnNotEquals', [roleA], undefined, true],
      ['ArnNotLike', ['arn:aws:iam::*:role/a', 'arn:aws:iam::*:role/b'], roleB, false],
      ['ArnNotLike', ['arn:aws:iam::*:role/a', 'arn:aws:iam::*:role/b'], 'arn:aws:iam::123456789012:role/c', true],
      ['ArnLikeIfExists', ['arn:aws:iam::*:role/a'], undefined, true],
      ['ArnNotLikeIfExists', ['arn:aws:iam::*:role/a'], undefined, true],
      ['ArnLikeIfExists', ['arn:aws:iam::*:role/a'], roleB, false],
      ['ForAnyValue:ArnLike', ['arn:aws:iam::*:role/a'], [roleB, roleA], true],
      ['ForAllValues:ArnLike', ['arn:aws:iam::*:role/a'], [roleB, roleA], false],
      ['ForAllValues:ArnNotLike', ['arn:aws:iam::*:role/a'], [roleB], true],
      ['ForAnyValue:ArnNotEquals', [roleA], [roleA], false],
    ]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
  describe('escapes under Version 2012-10-17', () => {
    table(
      [
        ['ArnLike', ['arn:aws:s3:::b/${*}'], 'arn:aws:s3:::b/*', true],
        ['ArnLike', ['arn:aws:s3:::b/${*}'], 'arn:aws:s3:::b/x', false],
        ['ArnLike', ['arn:aws:s3:::b/${*}*'], 'arn:aws:s3:::b/*x', true],
        ['ArnEquals', ['arn:aws:s3:::b/${?}'], 'arn:aws:s3:::b/?', true],
        ['ArnEquals', ['arn:aws:s3:::b/${?}'], 'arn:aws:s3:::b/x', false],
        ['ArnEquals', ['arn:aws:s3:::b/${$}'], 'arn:aws:s3:::b/$', true],
      ],
      true,
    );
  });

  describe('no escapes under Version 2008-10-17', () => {
    table(
      [
        ['ArnLike', ['arn:aws:s3:::b/${*}'], 'arn:aws:s3:::b/${x}', true],
        ['ArnLike', ['arn:aws:s3:::b/${*}'], 'arn:aws:s3:::b/*', false],
        ['ArnEquals', ['arn:aws:s3:::b/${$}'], 'arn:aws:s3:::b/${$}', true],
      ],
      false,
    );
  });
});
