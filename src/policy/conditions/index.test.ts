import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as conditions from './index.js';

describe('conditions public surface', () => {
  it('exports the parse/compile/evaluate stages and the operator table', () => {
    assert.deepEqual(Object.keys(conditions).sort(), ['OPERATORS', 'compileCondition', 'evaluateCondition', 'findOperator', 'parseOperator']);
  });

  it('runs one condition end to end', () => {
    const op = conditions.parseOperator('ForAllValues:StringLikeIfExists');
    assert.ok(op);
    const compiled = conditions.compileCondition(op, ['key1*'], { escapes: true });
    assert.ok(compiled.ok);
    assert.equal(conditions.evaluateCondition(op, compiled.test, ['key1a', 'key1b']), true);
    assert.equal(conditions.evaluateCondition(op, compiled.test, ['key1a', 'key2']), false);
    assert.equal(conditions.evaluateCondition(op, compiled.test, undefined), true);
  });
});
