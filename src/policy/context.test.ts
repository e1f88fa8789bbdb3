import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestContext } from './context.js';

test('keys are case-insensitive; values keep their case', () => {
  const ctx = new RequestContext({ 'aws:PrincipalTag/Team': 'Red' });
  for (const key of ['aws:PrincipalTag/Team', 'AWS:principaltag/team', 'aws:principaltag/TEAM']) assert.equal(ctx.get(key), 'Red');
  assert.equal(ctx.getLower('aws:principaltag/team'), 'Red');
  assert.equal(ctx.get('aws:PrincipalTag/Other'), undefined);
  assert.deepEqual([...ctx.keys()], ['aws:principaltag/team']);
});

test('a context over a base: its own keys stand over the base, the rest come from the base', () => {
  const base = new RequestContext({ 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' });
  const cases: Array<{ own: Record<string, string | string[]>; key: string; want: string | string[] | undefined }> = [
    { own: {}, key: 'aws:UserName', want: 'alice' },
    { own: { 'AWS:PrincipalTag/Team': 'blue' }, key: 'aws:principaltag/team', want: 'blue' },
    { own: { 'aws:SourceIp': '10.0.0.1' }, key: 'aws:sourceip', want: '10.0.0.1' },
    { own: { 'aws:SourceIp': '10.0.0.1' }, key: 'aws:username', want: 'alice' },
    { own: { 'aws:TagKeys': ['a', 'b'] }, key: 'aws:TagKeys', want: ['a', 'b'] },
    { own: {}, key: 'aws:SourceIp', want: undefined },
  ];
  for (const c of cases) {
    const ctx = new RequestContext(c.own, base);
    assert.deepEqual(ctx.get(c.key), c.want, `${JSON.stringify(c.own)} ${c.key}`);
    assert.equal(ctx.has(c.key), c.want !== undefined);
  }
  // keys(): each once, the base's and its own.
  const ctx = new RequestContext({ 'aws:username': 'bob', 'aws:SourceIp': '10.0.0.1' }, base);
  assert.deepEqual([...ctx.keys()].sort(), ['aws:principaltag/team', 'aws:sourceip', 'aws:username']);
  // The base is not changed by its children.
  assert.equal(base.get('aws:username'), 'alice');
  assert.equal(base.get('aws:SourceIp'), undefined);
});

test('setLower: a key given lower-cased is found under any case, as set() would file it', () => {
  const cases: [string, string][] = [
    ['aws:currenttime', 'aws:CurrentTime'],
    ['aws:sourceip', 'AWS:SOURCEIP'],
    ['aws:resourceorgpaths', 'aws:ResourceOrgPaths'],
  ];
  for (const [lower, asked] of cases) {
    const viaSet = new RequestContext().set(asked, 'v');
    const viaLower = new RequestContext().setLower(lower, 'v');
    assert.equal(viaLower.get(asked), 'v', asked);
    assert.deepEqual([...viaLower.keys()], [...viaSet.keys()], asked);
  }
});
