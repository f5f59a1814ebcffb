// The function table: case-insensitive lookup, canonical lower-case names,
// argument counts the planner can check, no name both scalar and aggregate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateFunction, scalarFunction } from '../../../src/query/functions/function-table.js';

const scalars = [
  'id', 'labels', 'type', 'keys', 'properties', 'startNode', 'endNode', 'nodes', 'relationships', 'length',
  'size', 'head', 'last', 'tail', 'range', 'reverse', 'coalesce', 'toString', 'toInteger', 'toFloat', 'toBoolean',
  'toLower', 'toUpper', 'trim', 'ltrim', 'rtrim', 'replace', 'substring', 'left', 'right', 'split',
  'abs', 'ceil', 'floor', 'round', 'sign', 'sqrt', 'exp', 'log', 'log10', 'e', 'pi', 'sin', 'cos', 'tan', 'cot',
  'asin', 'acos', 'atan', 'atan2', 'degrees', 'radians', 'haversin', 'rand',
  'toStringOrNull', 'toIntegerOrNull', 'toFloatOrNull', 'toBooleanOrNull', 'toIntegerList', 'toFloatList', 'toStringList', 'toBooleanList',
];
const aggregates = ['count', 'sum', 'avg', 'min', 'max', 'collect', 'percentileDisc', 'percentileCont', 'stDev', 'stDevP'];

test('every function the TCK uses is there, in any case, under its lower-case name', () => {
  for (const name of scalars) {
    for (const spelled of [name, name.toUpperCase(), name.toLowerCase()]) {
      const fn = scalarFunction(spelled);
      assert.ok(fn !== undefined, `scalar ${spelled}`);
      assert.equal(fn.name, name.toLowerCase());
      assert.ok(fn.minArgs <= fn.maxArgs);
    }
    assert.equal(aggregateFunction(name), undefined, `${name} is not an aggregate`);
  }
  for (const name of aggregates) {
    const fn = aggregateFunction(name.toUpperCase());
    assert.ok(fn !== undefined, `aggregate ${name}`);
    assert.equal(fn.name, name.toLowerCase());
    assert.equal(scalarFunction(name), undefined, `${name} is not a scalar`);
  }
  assert.equal(scalarFunction('nosuchfunction'), undefined);
  assert.equal(aggregateFunction('nosuchfunction'), undefined);
});

test('argument counts and volatility', () => {
  assert.deepEqual([scalarFunction('coalesce')?.minArgs, scalarFunction('coalesce')?.maxArgs], [1, Infinity]);
  assert.deepEqual([scalarFunction('range')?.minArgs, scalarFunction('range')?.maxArgs], [2, 3]);
  assert.deepEqual([scalarFunction('substring')?.minArgs, scalarFunction('substring')?.maxArgs], [2, 3]);
  assert.deepEqual([scalarFunction('round')?.minArgs, scalarFunction('round')?.maxArgs], [1, 3]);
  assert.deepEqual([scalarFunction('pi')?.minArgs, scalarFunction('pi')?.maxArgs], [0, 0]);
  assert.deepEqual([aggregateFunction('percentileDisc')?.minArgs, aggregateFunction('percentileDisc')?.maxArgs], [2, 2]);
  assert.equal(scalarFunction('rand')?.volatile, true);
  assert.notEqual(scalarFunction('abs')?.volatile, true);
});
