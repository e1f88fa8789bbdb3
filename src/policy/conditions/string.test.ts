import { describe } from 'node:test';
import { table } from './test-table.js';



describe('string operators', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
  // (aws:PrincipalTag/job-category example; the s3:prefix home-directory example with
  // ${aws:username} already substituted as "johndoe"; the StringLikeIfExists ec2:InstanceType example)
  describe('worked examples from "Condition operators"', () => {
    table([
      ['StringEquals', ['iamuser-admin'], 'iamuser-admin', true],
      ['StringEquals', ['iamuser-admin'], undefined, false],
      ['StringLike', ['', 'home/', 'home/johndoe/'], '', true],
      ['StringLike', ['', 'home/', 'home/johndoe/'], 'home/', true],
      ['StringLike', ['', 'home/', 'home/johndoe/'], 'home/johndoe/', true],
      ['StringLike', ['', 'home/', 'home/johndoe/'], 'home/janedoe/', false],
      ['StringLike', ['t1.*', 't2.*', 'm3.*'], undefined, false],
      ['StringLikeIfExists', ['t1.*', 't2.*', 'm3.*'], undefined, true],
      ['StringLikeIfExists', ['t1.*', 't2.*', 'm3.*'], 't2.micro', true],
      ['StringLikeIfExists', ['t1.*', 't2.*', 'm3.*'], 'm4.large', false],
    ]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
  // ("StringEquals ... only requests made by johndoe match. Users named JohnDoe are denied";
  // StringEqualsIgnoreCase matches both)
  describe('case rules', () => {
    table([
      ['StringEquals', ['johndoe'], 'johndoe', true],
      ['StringEquals', ['johndoe'], 'JohnDoe', false],
      ['StringEqualsIgnoreCase', ['johndoe'], 'JohnDoe', true],
      ['StringEqualsIgnoreCase', ['JohnDoe'], 'JOHNDOE', true],
      ['StringEqualsIgnoreCase', ['JohnDoe', 'Jane'], 'jane', true],
      ['StringEqualsIgnoreCase', ['JohnDoe'], 'johndoex', false],
      ['StringNotEqualsIgnoreCase', ['JohnDoe'], 'johndoe', false],
      ['StringNotEqualsIgnoreCase', ['JohnDoe'], 'jane', true],
      ['StringLike', ['Home/*'], 'home/x', false],
      ['StringLike', ['Home/*'], 'Home/x', true],
      ['StringNotLike', ['Home/*'], 'home/x', true],
    ]);
  });

  describe('wildcards', () => {
    table([
      ['StringLike', ['a?c'], 'abc', true],
      ['StringLike', ['a?c'], 'ac', false],
      ['StringLike', ['a?c'], 'abbc', false],
      ['StringLike', ['*'], '', true],
      ['StringLike', ['*'], 'anything/at:all', true],
      ['StringLike', ['a*b*c'], 'a/b:c', true],
      ['StringLike', ['a*b*c'], 'acb', false],
      ['StringLike', ['literal', 'pre*'], 'literal', true],
      ['StringLike', ['literal', 'pre*'], 'prefix', true],
      ['StringLike', ['literal', 'pre*'], 'other', false],
      // No wildcards in StringEquals: `*` is an ordinary character there.
      ['StringEquals', ['a*'], 'abc', false],
      ['StringEquals', ['a*'], 'a*', true],
    ]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
  // ("If a single negated matching condition operator includes multiple values for a context key,
  // those values are evaluated using a logical NOR"; values of other operators are an OR)
  describe('multiple policy values', () => {
    table([
      ['StringEquals', ['audit', 'security'], 'security', true],
      ['StringEquals', ['audit', 'security'], 'other', false],
      ['StringNotEquals', ['audit', 'security'], 'audit', false],
      ['StringNotEquals', ['audit', 'security'], 'security', false],
      ['StringNotEquals', ['audit', 'security'], 'other', true],
      ['StringNotLike', ['t1.*', 't2.*'], 't2.micro', false],
      ['StringNotLike', ['t1.*', 't2.*'], 'm5.large', true],
      ['StringEquals', [], 'a', false],
      ['StringNotEquals', [], 'a', true],
    ]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  // (Important box: a missing key does not match; a negated operator on a missing key is true)
  describe('missing keys and IfExists', () => {
    table([
      ['StringNotEquals', ['x'], undefined, true],
      ['StringNotEqualsIgnoreCase', ['x'], undefined, true],
      ['StringNotLike', ['x*'], undefined, true],
      ['StringEqualsIgnoreCase', ['x'], undefined, false],
      ['StringEqualsIfExists', ['x'], undefined, true],
      ['StringEqualsIfExists', ['x'], 'x', true],
      ['StringEqualsIfExists', ['x'], 'y', false],
      ['StringNotEqualsIfExists', ['x'], undefined, true],
      ['StringNotEqualsIfExists', ['x'], 'x', false],
      ['StringNotLikeIfExists', ['x*'], 'y', true],
    ]);
  });

  // Version 2012-10-17: ${*}, ${?}, ${$} are the literal characters.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
  describe('escapes under Version 2012-10-17', () => {
    table(
      [
        ['StringLike', ['a${*}b'], 'a*b', true],
        ['StringLike', ['a${*}b'], 'axyzb', false],
        ['StringLike', ['${?}'], '?', true],
        ['StringLike', ['${?}'], 'x', false],
        ['StringLike', ['cost${$}*'], 'cost$100', true],
        ['StringLike', ['cost${$}*'], 'cost100', false],
        ['StringNotLike', ['a${*}b'], 'a*b', false],
        ['StringNotLike', ['a${*}b'], 'axb', true],
        ['StringEquals', ['a${*}b'], 'a*b', true],
        ['StringEquals', ['a${*}b'], 'a${*}b', false],
        ['StringEqualsIgnoreCase', ['A${?}'], 'a?', true],
        ['StringNotEquals', ['a${$}'], 'a$', false],
      ],
      true,
    );
  });

  // Version 2008-10-17 (or none): no policy variables, so ${*} is ordinary text whose `*` is
  // still a StringLike wildcard.
  describe('no escapes under Version 2008-10-17', () => {
    table(
      [
        ['StringLike', ['a${*}b'], 'a${xyz}b', true],
        ['StringLike', ['a${*}b'], 'a*b', false],
        ['StringLike', ['${?}'], '${x}', true],
        ['StringEquals', ['a${*}b'], 'a${*}b', true],
        ['StringEquals', ['a${*}b'], 'a*b', false],
        ['StringEqualsIgnoreCase', ['A${?}'], 'a${?}', true],
      ],
      false,
    );
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
  // (the DynamoDB "Thread" table examples, worked out in the "Evaluation logic" tables)
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
  // (Deny with ForAllValues:StringNotLike "key1*"; Deny with ForAnyValue:StringEquals environment/webserver)
  describe('multivalued keys with set qualifiers', () => {
    table([
      ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], ['PostDateTime', 'Message'], true],
      ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], ['PostDateTime', 'UserName'], false],
      ['ForAnyValue:StringLike', ['ID', 'PostDateTime'], ['UserName', 'Message', 'PostDateTime'], true],
      ['ForAnyValue:StringLike', ['ID', 'PostDateTime'], ['UserName'], false],
      ['ForAllValues:StringNotLike', ['key1*'], ['key1:legal'], false],
      ['ForAllValues:StringNotLike', ['key1*'], ['key2:finance'], true],
      ['ForAllValues:StringNotLike', ['key1*'], ['key1:legal', 'key2:finance'], false],
      ['ForAllValues:StringNotLike', ['key1*'], undefined, true],
      ['ForAnyValue:StringEquals', ['environment', 'webserver'], ['environment'], true],
      ['ForAnyValue:StringEquals', ['environment', 'webserver'], ['webserver', 'cost-center'], true],
      ['ForAnyValue:StringEquals', ['environment', 'webserver'], ['cost-center'], false],
      ['ForAnyValue:StringEquals', ['environment', 'webserver'], undefined, false],
      // Negated operators under a qualifier negate the per-value test.
      ['ForAnyValue:StringNotLike', ['Owner:*', 'State:??'], ['Owner:Legal', 'State:NY'], false],
      ['ForAnyValue:StringNotLike', ['Owner:*', 'State:??'], ['owner:Legal', 'Owner:Legal'], true],
      ['ForAnyValue:StringNotLike', ['Owner:*', 'State:??'], undefined, false],
      ['ForAllValues:StringNotEquals', ['a'], ['b', 'c'], true],
      ['ForAllValues:StringNotEquals', ['a'], ['a', 'b'], false],
      ['ForAnyValue:StringNotEquals', ['a'], ['a', 'b'], true],
      ['ForAnyValue:StringNotEquals', ['a'], ['a'], false],
      ['ForAllValues:StringEqualsIgnoreCase', ['Dept', 'Team'], ['dept', 'TEAM'], true],
      ['ForAnyValue:StringNotEqualsIgnoreCase', ['Dept'], ['dept'], false],
      // A single-valued key under a qualifier is a set of one.
      ['ForAllValues:StringEquals', ['a'], 'a', true],
      ['ForAllValues:StringEquals', ['a'], 'b', false],
      ['ForAnyValue:StringEquals', ['a'], 'a', true],
    ]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  // (ForAllValues is true when the key is missing or resolves to an empty data set, e.g. an empty
  // string; ForAnyValue is then false)
  describe('empty sets', () => {
    table([
      ['ForAllValues:StringLike', ['key1*'], [], true],
      ['ForAllValues:StringLike', ['key1*'], '', true],
      ['ForAllValues:StringNotLike', ['key1*'], [], true],
      ['ForAnyValue:StringLike', ['*'], [], false],
      ['ForAnyValue:StringLike', ['*'], '', false],
      ['ForAnyValue:StringNotLike', ['key1*'], [], false],
      ['ForAnyValue:StringLikeIfExists', ['*'], [], true],
      // Unqualified: an empty list has no matching value.
      ['StringEquals', ['a'], [], false],
      ['StringNotEquals', ['a'], [], true],
      ['StringEqualsIfExists', ['a'], [], true],
      // Unqualified operators keep "" as a value.
      ['StringEquals', [''], '', true],
      ['StringNotEquals', [''], '', false],
    ]);
  });

  describe('multivalued keys without a qualifier', () => {
    table([
      ['StringEquals', ['a'], ['b', 'a'], true],
      ['StringEquals', ['a'], ['b', 'c'], false],
      ['StringNotEquals', ['a'], ['b', 'a'], false],
      ['StringNotEquals', ['a'], ['b', 'c'], true],
      ['StringLike', ['a*'], ['x', 'ab'], true],
    ]);
  });

  describe('IfExists with qualifiers', () => {
    table([
      ['ForAllValues:StringEqualsIfExists', ['a'], undefined, true],
      ['ForAnyValue:StringEqualsIfExists', ['a'], undefined, true],
      ['ForAnyValue:StringEqualsIfExists', ['a'], ['b'], false],
      ['ForAnyValue:StringNotEqualsIfExists', ['a'], ['a'], false],
    ]);
  });
});
