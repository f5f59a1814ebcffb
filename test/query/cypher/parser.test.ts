import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CypherError } from '../../../src/base/errors.js';
import type { Clause, Expr, MatchClause, PatternElement, ReturnClause, Statement } from '../../../src/query/cypher/ast.js';
import { parseCypher } from '../../../src/query/cypher/parser.js';
import { BoxedFloat } from '../../../src/query/values/value.js';

/** The tree without spans, for structural comparison. */
function strip<T>(tree: T): T {
  if (Array.isArray(tree)) return tree.map((x: unknown) => strip(x)) as T;
  if (tree !== null && typeof tree === 'object' && Object.getPrototypeOf(tree) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tree)) if (k !== 'span') out[k] = strip(v);
    return out as T;
  }
  return tree;
}

function clauses(text: string): Clause[] {
  const q = parseCypher(text).queries[0];
  assert.ok(q);
  return strip(q.clauses);
}

/** The expression of `RETURN <expr>`, spans removed. */
function expr(text: string): Expr {
  const ret = clauses(`RETURN ${text}`)[0] as ReturnClause;
  const item = ret.projection.items[0];
  assert.ok(item);
  return item.expr;
}

function whereOf(text: string): Expr {
  const m = clauses(`MATCH (n) WHERE ${text} RETURN n`)[0] as MatchClause;
  assert.ok(m.where);
  return m.where;
}

function element(text: string): PatternElement {
  const m = clauses(`MATCH ${text} RETURN 1`)[0] as MatchClause;
  const part = m.pattern[0];
  assert.ok(part);
  return part.element;
}

const v = (name: string): Expr => ({ kind: 'variable', name }) as Expr;
const lit = (value: unknown): Expr => ({ kind: 'literal', value }) as Expr;
const bin = (op: string, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right }) as Expr;
const prop = (object: Expr, key: string): Expr => ({ kind: 'property', object, key }) as Expr;
const call = (name: string, args: Expr[], distinct = false): Expr => ({ kind: 'call', name, distinct, args }) as Expr;
const cmp = (ops: string[], operands: Expr[]): Expr => ({ kind: 'comparison', ops, operands }) as Expr;

function syntaxError(text: string, detail: string, line?: number, column?: number): CypherError {
  let caught: unknown;
  try {
    parseCypher(text);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof CypherError, `expected a CypherError for ${JSON.stringify(text)}, got ${String(caught)}`);
  assert.equal(caught.type, 'SyntaxError');
  assert.equal(caught.detail, detail, caught.message);
  assert.equal(caught.phase, 'compile');
  if (line !== undefined) assert.equal(caught.position?.line, line, caught.message);
  if (column !== undefined) assert.equal(caught.position?.column, column, caught.message);
  return caught;
}

describe('parseCypher: literals', () => {
  it('integers in decimal, hex and octal, as numbers when safe and bigints beyond', () => {
    assert.deepEqual(expr('1'), lit(1));
    assert.deepEqual(expr('0x1F'), lit(31));
    assert.deepEqual(expr('0o17'), lit(15));
    assert.deepEqual(expr('0x7FFFFFFFFFFFFFFF'), lit(9223372036854775807n));
    assert.deepEqual(expr('9223372036854775807'), lit(9223372036854775807n));
    assert.deepEqual(expr('9007199254740991'), lit(9007199254740991));
    assert.deepEqual(expr('9007199254740992'), lit(9007199254740992n));
    assert.deepEqual(expr('0o777777777777777777777'), lit(9223372036854775807n));
  });

  it('a minus sign is folded into the literal, so the smallest int64 parses', () => {
    assert.deepEqual(expr('-9223372036854775808'), lit(-9223372036854775808n));
    assert.deepEqual(expr('-0x8000000000000000'), lit(-9223372036854775808n));
    assert.deepEqual(expr('-0o1000000000000000000000'), lit(-9223372036854775808n));
    assert.deepEqual(expr('-1'), lit(-1));
    assert.deepEqual(expr('- 1'), lit(-1));
    // 0 and -0 are both the integer 0
    assert.deepEqual(expr('-0'), lit(0));
    assert.ok(!Object.is((expr('-0') as { value: number }).value, -0));
  });

  it('integers beyond int64 are IntegerOverflow', () => {
    syntaxError('RETURN 9223372036854775808', 'IntegerOverflow', 1, 8);
    syntaxError('RETURN -9223372036854775809', 'IntegerOverflow', 1, 8);
    syntaxError('RETURN 0x8000000000000000', 'IntegerOverflow');
    syntaxError('RETURN -0x8000000000000001', 'IntegerOverflow');
    syntaxError('RETURN 0o1000000000000000000000', 'IntegerOverflow');
  });

  it('floats: fractions, exponents, integral floats boxed', () => {
    assert.deepEqual(expr('1.5'), lit(1.5));
    assert.deepEqual(expr('.5'), lit(0.5));
    assert.deepEqual(expr('1.0'), lit(new BoxedFloat(1)));
    assert.deepEqual(expr('1e3'), lit(new BoxedFloat(1000)));
    assert.deepEqual(expr('1E-5'), lit(1e-5));
    assert.deepEqual(expr('.1e9'), lit(new BoxedFloat(100000000)));
    assert.deepEqual(expr('-.1e-5'), lit(-1e-6));
    const negZero = expr('-0.0') as { value: BoxedFloat };
    assert.ok(negZero.value instanceof BoxedFloat && Object.is(negZero.value.value, -0));
    assert.deepEqual(expr('123456789e300'), lit(1.23456789e308));
  });

  it('a float beyond the double range is FloatingPointOverflow', () => {
    syntaxError('RETURN 1.34E999', 'FloatingPointOverflow', 1, 8);
  });

  it('malformed numbers are InvalidNumberLiteral where a value is expected', () => {
    syntaxError('RETURN 0x AS literal', 'InvalidNumberLiteral', 1, 8);
    syntaxError('RETURN 1a', 'InvalidNumberLiteral');
    syntaxError('RETURN 0o8', 'InvalidNumberLiteral');
    syntaxError('RETURN 0x1A2b3j4D5E6f7', 'InvalidNumberLiteral');
    syntaxError('RETURN 9223372h54775808 AS literal', 'InvalidNumberLiteral');
    syntaxError('RETURN 1e', 'InvalidNumberLiteral');
    // ... and UnexpectedSyntax where no number may stand (a map key)
    syntaxError('RETURN {1B2c3e67:1} AS literal', 'UnexpectedSyntax');
    syntaxError('RETURN 9223372#54775808 AS literal', 'UnexpectedSyntax', 1, 15);
    // Regression: '.5x' once became a zero-length token and the lexer looped until memory ran out.
    syntaxError('RETURN .5x', 'InvalidNumberLiteral', 1, 8);
    syntaxError('RETURN *1.5DETACH', 'UnexpectedSyntax', 1, 9);
  });

  it('strings in either quote with every escape', () => {
    assert.deepEqual(expr(`'a\\\\b\\'c\\"d'`), lit(`a\\b'c"d`));
    assert.deepEqual(expr(`"x\\n\\r\\t\\b\\f"`), lit('x\n\r\t\b\f'));
    assert.deepEqual(expr(`'\\u00e9\\U0001F600'`), lit('é😀'));
    assert.deepEqual(expr(`"it's"`), lit("it's"));
    assert.deepEqual(expr(`'🧐🍌❖⋙⚐'`), lit('🧐🍌❖⋙⚐'));
    syntaxError(`RETURN 'abc`, 'UnexpectedSyntax', 1, 8);
    syntaxError(`RETURN '\\q'`, 'UnexpectedSyntax', 1, 9);
  });

  it('booleans, null, lists and maps', () => {
    assert.deepEqual(expr('TRUE'), lit(true));
    assert.deepEqual(expr('false'), lit(false));
    assert.deepEqual(expr('Null'), lit(null));
    assert.deepEqual(expr('[1, [], [2]]'), { kind: 'list', items: [lit(1), { kind: 'list', items: [] }, { kind: 'list', items: [lit(2)] }] });
    assert.deepEqual(expr('{a: 1, `b c`: "x", ``: null}'), {
      kind: 'map',
      entries: [
        { key: 'a', value: lit(1) },
        { key: 'b c', value: lit('x') },
        { key: '', value: lit(null) },
      ],
    });
  });

  it('malformed lists and maps are UnexpectedSyntax', () => {
    for (const bad of ['[, ]', '[[[]]', "[[','[]',']]", '{k1#k: 1}', '{k1.k: 1}', '{, }', '{1}', '{[]}', '{{}}', '{k: {k: {}}']) {
      syntaxError(`RETURN ${bad} AS literal`, 'UnexpectedSyntax');
    }
  });

  it('a Unicode dash is InvalidUnicodeCharacter', () => {
    syntaxError('RETURN 42 — 41', 'InvalidUnicodeCharacter', 1, 11);
  });
});

describe('parseCypher: expressions', () => {
  it('precedence: OR < XOR < AND < NOT < comparison < predicates < +- < */% < ^ < unary', () => {
    assert.deepEqual(expr('a OR b XOR c AND NOT d'), bin('or', v('a'), bin('xor', v('b'), bin('and', v('c'), { kind: 'unary', op: 'not', operand: v('d') } as Expr))));
    assert.deepEqual(expr('NOT a = b'), { kind: 'unary', op: 'not', operand: cmp(['='], [v('a'), v('b')]) });
    assert.deepEqual(expr('1 + 2 * 3 ^ 2'), bin('+', lit(1), bin('*', lit(2), bin('^', lit(3), lit(2)))));
    assert.deepEqual(expr('2 ^ 3 ^ 2'), bin('^', bin('^', lit(2), lit(3)), lit(2)));
    assert.deepEqual(expr('-3 ^ 2'), bin('^', lit(-3), lit(2)));
    assert.deepEqual(expr('-(3 ^ 2)'), { kind: 'unary', op: '-', operand: bin('^', lit(3), lit(2)) });
    assert.deepEqual(expr('a - b - c'), bin('-', bin('-', v('a'), v('b')), v('c')));
    assert.deepEqual(expr('[1]+2 IN [3]+4'), bin('in', bin('+', { kind: 'list', items: [lit(1)] } as Expr, lit(2)), bin('+', { kind: 'list', items: [lit(3)] } as Expr, lit(4))));
    assert.deepEqual(expr('a = b IN c'), cmp(['='], [v('a'), bin('in', v('b'), v('c'))]));
    assert.deepEqual(expr('a + b IS NULL'), { kind: 'is-null', operand: bin('+', v('a'), v('b')), negated: false });
  });

  it('comparison chains', () => {
    assert.deepEqual(expr('1 < x <= 3 <> y'), cmp(['<', '<=', '<>'], [lit(1), v('x'), lit(3), v('y')]));
    assert.deepEqual(expr('a<-1'), cmp(['<'], [v('a'), lit(-1)]));
  });

  it('string predicates, regex, IS [NOT] NULL', () => {
    assert.deepEqual(expr("a STARTS WITH 'x'"), bin('starts-with', v('a'), lit('x')));
    assert.deepEqual(expr("a ends with 'x'"), bin('ends-with', v('a'), lit('x')));
    assert.deepEqual(expr("a CONTAINS 'x'"), bin('contains', v('a'), lit('x')));
    assert.deepEqual(expr("a =~ 'x.*'"), bin('=~', v('a'), lit('x.*')));
    assert.deepEqual(expr('a IS NOT NULL'), { kind: 'is-null', operand: v('a'), negated: true });
  });

  it('postfix: properties, indexes, slices, label checks', () => {
    assert.deepEqual(expr('n.a.b'), prop(prop(v('n'), 'a'), 'b'));
    assert.deepEqual(expr('l[0]'), { kind: 'index', object: v('l'), index: lit(0) });
    assert.deepEqual(expr('l[1..-1]'), { kind: 'slice', object: v('l'), from: lit(1), to: lit(-1) });
    assert.deepEqual(expr('l[..2]'), { kind: 'slice', object: v('l'), from: null, to: lit(2) });
    assert.deepEqual(expr('l[2..]'), { kind: 'slice', object: v('l'), from: lit(2), to: null });
    assert.deepEqual(whereOf('n:A:B'), { kind: 'label-check', operand: v('n'), labels: ['A', 'B'] });
    assert.deepEqual(expr('-n.x'), { kind: 'unary', op: '-', operand: prop(v('n'), 'x') });
    assert.deepEqual(expr('$p.x'), prop({ kind: 'parameter', name: 'p' } as Expr, 'x'));
    assert.deepEqual(expr('n.`a b`'), prop(v('n'), 'a b'));
  });

  it('function calls: DISTINCT, namespaces, count(*)', () => {
    assert.deepEqual(expr('count(*)'), { kind: 'count-star' });
    assert.deepEqual(expr('COUNT(DISTINCT n.x)'), call('COUNT', [prop(v('n'), 'x')], true));
    assert.deepEqual(expr('toLower(a, 1)'), call('toLower', [v('a'), lit(1)]));
    assert.deepEqual(expr('a.b.c(1)'), call('a.b.c', [lit(1)]));
    assert.deepEqual(expr('rand()'), call('rand', []));
  });

  it('CASE in both forms', () => {
    assert.deepEqual(expr("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END"), {
      kind: 'case',
      operand: v('x'),
      whens: [
        { when: lit(1), then: lit('a') },
        { when: lit(2), then: lit('b') },
      ],
      else: lit('c'),
    });
    assert.deepEqual(expr('CASE WHEN x THEN 1 END'), { kind: 'case', operand: null, whens: [{ when: v('x'), then: lit(1) }], else: null });
  });

  it('list comprehensions versus list literals', () => {
    assert.deepEqual(expr('[x IN l WHERE x > 1 | x * 2]'), {
      kind: 'list-comprehension',
      variable: 'x',
      list: v('l'),
      where: cmp(['>'], [v('x'), lit(1)]),
      map: bin('*', v('x'), lit(2)),
    });
    assert.deepEqual(expr('[x IN l]'), { kind: 'list-comprehension', variable: 'x', list: v('l'), where: null, map: null });
    assert.deepEqual(expr('[x IN l, 2]'), { kind: 'list', items: [bin('in', v('x'), v('l')), lit(2)] });
    assert.deepEqual(expr('[(1 + 2)]'), { kind: 'list', items: [bin('+', lit(1), lit(2))] });
  });

  it('pattern comprehensions', () => {
    assert.deepEqual(expr('[p = (a)-->(b:B) WHERE b.x | b.y]'), {
      kind: 'pattern-comprehension',
      variable: 'p',
      pattern: {
        nodes: [
          { variable: 'a', labels: [], properties: null },
          { variable: 'b', labels: ['B'], properties: null },
        ],
        rels: [{ variable: null, types: [], direction: 'out', properties: null, length: null }],
      },
      where: prop(v('b'), 'x'),
      map: prop(v('b'), 'y'),
    });
    const pc = expr('[(a)<-[:T]-() | 1]') as Expr & { kind: 'pattern-comprehension' };
    assert.equal(pc.kind, 'pattern-comprehension');
    assert.equal(pc.variable, null);
    assert.deepEqual(pc.pattern.rels[0]?.types, ['T']);
  });

  it('quantifiers and reduce', () => {
    assert.deepEqual(expr('all(x IN l WHERE x > 0)'), { kind: 'quantifier', quantifier: 'all', variable: 'x', list: v('l'), where: cmp(['>'], [v('x'), lit(0)]) });
    assert.deepEqual((expr('NONE(x IN l WHERE x)') as { quantifier: string }).quantifier, 'none');
    assert.deepEqual((expr('single(x IN l WHERE x)') as { quantifier: string }).quantifier, 'single');
    assert.deepEqual(expr('any(x IN l)'), { kind: 'quantifier', quantifier: 'any', variable: 'x', list: v('l'), where: null });
    assert.deepEqual(expr('reduce(acc = 0, x IN l | acc + x)'), {
      kind: 'reduce',
      accumulator: 'acc',
      init: lit(0),
      variable: 'x',
      list: v('l'),
      expr: bin('+', v('acc'), v('x')),
    });
  });

  it('pattern predicates versus parenthesised expressions', () => {
    const p = whereOf('(n)-[:T]->(:B)') as Expr & { kind: 'pattern-predicate' };
    assert.equal(p.kind, 'pattern-predicate');
    assert.deepEqual(p.pattern.nodes.map((x) => x.variable), ['n', null]);
    assert.deepEqual(whereOf('(n.x) < -1'), cmp(['<'], [prop(v('n'), 'x'), lit(-1)]));
    assert.deepEqual(expr('(1 + 2) * 3'), bin('*', bin('+', lit(1), lit(2)), lit(3)));
    assert.deepEqual(whereOf('NOT (n)--()'), { kind: 'unary', op: 'not', operand: { kind: 'pattern-predicate', pattern: element('(n)--()') } });
  });

  it('EXISTS subqueries: a pattern, a MATCH, or a whole query', () => {
    const short = whereOf('EXISTS { (n)-->(m) WHERE m.x = 1 }') as Expr & { kind: 'exists-subquery' };
    assert.equal(short.query, null);
    assert.equal(short.pattern.length, 1);
    assert.deepEqual(short.where, cmp(['='], [prop(v('m'), 'x'), lit(1)]));
    const withMatch = whereOf('exists { MATCH (n)-->(m) WHERE m.x = 1 }') as Expr & { kind: 'exists-subquery' };
    assert.deepEqual(withMatch, short);
    const full = whereOf('EXISTS { MATCH (n)-->(m) WITH m WHERE m.x = 1 RETURN m }') as Expr & { kind: 'exists-subquery' };
    assert.equal(full.query?.clauses.length, 3);
    assert.equal(full.pattern.length, 1);
  });

  it('map projections', () => {
    assert.deepEqual(expr('n {.a, .*, b: 1, c}'), {
      kind: 'map-projection',
      variable: 'n',
      items: [{ kind: 'property', key: 'a' }, { kind: 'all-properties' }, { kind: 'literal', key: 'b', value: lit(1) }, { kind: 'variable', name: 'c' }],
    });
  });

  it('keywords as names where no keyword can stand, backticks everywhere', () => {
    assert.deepEqual(expr('`RETURN`'), v('RETURN'));
    assert.deepEqual(expr('count'), v('count'));
    assert.deepEqual(expr('`a``b`'), v('a`b'));
    assert.deepEqual(expr('{match: 1}'), { kind: 'map', entries: [{ key: 'match', value: lit(1) }] });
  });

  it('a pattern is not a function argument (except of exists())', () => {
    syntaxError('MATCH (a) RETURN size((a)-->())', 'UnexpectedSyntax', 1, 23);
    assert.deepEqual(expr('exists((a)-->())'), { kind: 'exists-subquery', pattern: [{ variable: null, element: element('(a)-->()') }], where: null, query: null });
    assert.deepEqual(expr('exists(n.x)'), { kind: 'is-null', operand: prop(v('n'), 'x'), negated: true });
  });
});

describe('parseCypher: patterns', () => {
  it('nodes with labels and property maps or parameters', () => {
    assert.deepEqual(element('(a:A:B {x: 1})'), { nodes: [{ variable: 'a', labels: ['A', 'B'], properties: { kind: 'map', entries: [{ key: 'x', value: lit(1) }] } }], rels: [] });
    assert.deepEqual(element('(:`A B` $p)').nodes[0], { variable: null, labels: ['A B'], properties: { kind: 'parameter', name: 'p' } });
  });

  it('relationship directions, types and lengths', () => {
    const rel = (text: string) => element(`(a)${text}(b)`).rels[0];
    assert.deepEqual(rel('-[r:A|B*1..3 {p: 1}]->'), { variable: 'r', types: ['A', 'B'], direction: 'out', properties: { kind: 'map', entries: [{ key: 'p', value: lit(1) }] }, length: { min: 1, max: 3 } });
    assert.equal(rel('-->')?.direction, 'out');
    assert.equal(rel('<--')?.direction, 'in');
    assert.equal(rel('--')?.direction, 'both');
    assert.equal(rel('<-->')?.direction, 'both');
    assert.equal(rel('<-[]-')?.direction, 'in');
    assert.deepEqual(rel('-[:A|:B]-')?.types, ['A', 'B']);
    assert.deepEqual(rel('-[*]->')?.length, { min: null, max: null });
    assert.deepEqual(rel('-[*2]->')?.length, { min: 2, max: 2 });
    assert.deepEqual(rel('-[*2..]->')?.length, { min: 2, max: null });
    assert.deepEqual(rel('-[*..3]->')?.length, { min: null, max: 3 });
    assert.deepEqual(rel('-[*0..2]->')?.length, { min: 0, max: 2 });
  });

  it('a chain and named paths', () => {
    const m = clauses('MATCH p = (a)-->(b)<--(c), (d) RETURN p')[0] as MatchClause;
    assert.equal(m.pattern.length, 2);
    assert.equal(m.pattern[0]?.variable, 'p');
    assert.equal(m.pattern[0]?.element.nodes.length, 3);
    assert.deepEqual(m.pattern[0]?.element.rels.map((r) => r.direction), ['out', 'in']);
    assert.equal(m.pattern[1]?.variable, null);
  });

  it('bad variable-length bounds are InvalidRelationshipPattern', () => {
    syntaxError('MATCH (a)-[:LIKES..]->(c) RETURN c', 'InvalidRelationshipPattern', 1, 18);
    syntaxError('MATCH (a)-[:LIKES*-2]->(c) RETURN c', 'InvalidRelationshipPattern', 1, 19);
  });
});

describe('parseCypher: clauses and statements', () => {
  it('every clause kind', () => {
    const cs = clauses(
      'OPTIONAL MATCH (a) WHERE a.x = 1 UNWIND [1] AS i WITH DISTINCT a, i AS j ORDER BY j DESC SKIP 1 LIMIT 2 WHERE j > 0 ' +
        'CREATE (a)-[:T]->(b) MERGE (c:C {k: 1}) ON CREATE SET c.n = 1 ON MATCH SET c += {m: 2} ' +
        'SET a.x = 1, a = {y: 2}, a:L:M REMOVE a.x, a:L DETACH DELETE a, b RETURN *',
    );
    assert.deepEqual(cs.map((c) => c.kind), ['match', 'unwind', 'with', 'create', 'merge', 'set', 'remove', 'delete', 'return']);
    const [match, unwind, withC, , merge, set, remove, del, ret] = cs;
    assert.ok(match?.kind === 'match' && match.optional && match.where !== null);
    assert.deepEqual(unwind, { kind: 'unwind', expr: { kind: 'list', items: [lit(1)] }, variable: 'i' });
    assert.ok(withC?.kind === 'with');
    assert.equal(withC.projection.distinct, true);
    assert.deepEqual(withC.projection.items.map((i) => [i.alias, i.text]), [[null, 'a'], ['j', 'i']]);
    assert.deepEqual(withC.projection.orderBy, [{ expr: v('j'), descending: true }]);
    assert.deepEqual(withC.projection.skip, lit(1));
    assert.deepEqual(withC.projection.limit, lit(2));
    assert.deepEqual(withC.where, cmp(['>'], [v('j'), lit(0)]));
    assert.ok(merge?.kind === 'merge');
    assert.deepEqual(merge.onCreate, [{ kind: 'set-property', target: prop(v('c'), 'n'), value: lit(1) }]);
    assert.deepEqual(merge.onMatch, [{ kind: 'set-properties', variable: 'c', value: { kind: 'map', entries: [{ key: 'm', value: lit(2) }] }, merge: true }]);
    assert.deepEqual(set, {
      kind: 'set',
      items: [
        { kind: 'set-property', target: prop(v('a'), 'x'), value: lit(1) },
        { kind: 'set-properties', variable: 'a', value: { kind: 'map', entries: [{ key: 'y', value: lit(2) }] }, merge: false },
        { kind: 'set-labels', variable: 'a', labels: ['L', 'M'] },
      ],
    });
    assert.deepEqual(remove, {
      kind: 'remove',
      items: [
        { kind: 'remove-property', target: prop(v('a'), 'x') },
        { kind: 'remove-labels', variable: 'a', labels: ['L'] },
      ],
    });
    assert.deepEqual(del, { kind: 'delete', detach: true, exprs: [v('a'), v('b')] });
    assert.ok(ret?.kind === 'return' && ret.projection.star && ret.projection.items.length === 0);
  });

  it('projection text is the expression exactly as written', () => {
    const ret = clauses('RETURN  n.name ,count( * ),  a+b  AS s, (1 + 2)*3')[0] as ReturnClause;
    assert.deepEqual(ret.projection.items.map((i) => i.text), ['n.name', 'count( * )', 'a+b', '(1 + 2)*3']);
    const multi = clauses('RETURN [x IN l\n  WHERE x > 1]')[0] as ReturnClause;
    assert.equal(multi.projection.items[0]?.text, '[x IN l\n  WHERE x > 1]');
  });

  it('spans are source offsets', () => {
    const text = 'MATCH (a) RETURN a.x AS y';
    const stmt = parseCypher(text);
    const ret = stmt.queries[0]?.clauses[1] as ReturnClause;
    assert.equal(text.slice(ret.span.start, ret.span.end), 'RETURN a.x AS y');
    const item = ret.projection.items[0];
    assert.ok(item);
    assert.equal(text.slice(item.expr.span.start, item.expr.span.end), 'a.x');
    assert.equal(text.slice(item.span.start, item.span.end), 'a.x AS y');
    assert.deepEqual(stmt.span, { start: 0, end: text.length });
  });

  it('UNION / UNION ALL, EXPLAIN / PROFILE, a trailing semicolon, comments', () => {
    const s: Statement = parseCypher('EXPLAIN RETURN 1 AS a UNION ALL RETURN 2 AS a UNION RETURN 3 AS a;');
    assert.equal(s.explain, 'explain');
    assert.equal(s.queries.length, 3);
    assert.deepEqual(s.unionAll, [true, false]);
    assert.equal(parseCypher('profile MATCH (n) RETURN n').explain, 'profile');
    assert.equal(parseCypher('// hello\nMATCH (n) /* inline\n comment */ RETURN n // end').queries[0]?.clauses.length, 2);
  });

  it('keywords are case-insensitive', () => {
    assert.deepEqual(clauses('match (n) return n'), clauses('MATCH (n) RETURN n'));
    assert.deepEqual(clauses('OpTiOnAl MaTcH (n) ReTuRn n'), clauses('OPTIONAL MATCH (n) RETURN n'));
  });
});

describe('parseCypher: syntax errors', () => {
  it('say what was expected and what was found, with line, column and a caret', () => {
    const err = syntaxError('MATCH (n)\nRETRN n', 'UnexpectedSyntax', 2, 1);
    assert.equal(err.message, "Invalid input 'RETRN': expected a clause (line 2, column 1)\nRETRN n\n^");
    assert.equal(err.position?.offset, 10);
  });

  it('the caret sits under the offending column', () => {
    const err = syntaxError('MATCH (n)\nWHERE n.x = \nRETURN n', 'UnexpectedSyntax', 3, 1);
    assert.match(err.message, /^Invalid input 'RETURN': expected an expression/);
    const e2 = syntaxError('RETURN [1, 2', 'UnexpectedSyntax', 1, 13);
    assert.equal(e2.message, "Invalid input: unexpected end of input: expected ']' or ',' in the list (line 1, column 13)\nRETURN [1, 2\n            ^");
    const e3 = syntaxError('MATCH (a:) RETURN a', 'UnexpectedSyntax', 1, 10);
    assert.match(e3.message, /expected a label name/);
  });

  it('a keyword where a name was expected gets a hint to quote it', () => {
    const err = syntaxError('MATCH (end) RETURN end', 'UnexpectedSyntax', 1, 8);
    assert.match(err.message, /^Invalid input 'end': expected a variable, a label \(':Label'\), properties \('\{\.\.\.\}'\) or '\)' to close the node pattern \('end' is a keyword; write `end` to use it as a name\)/);
    assert.deepEqual(element('(`end`)').nodes[0]?.variable, 'end');
  });

  it('deeply nested look-alikes of patterns and comprehensions parse in polynomial time', () => {
    // Each '(' could open a pattern and each '[x IN' a comprehension: without remembering the
    // readings that failed, 30 levels took 2^30 attempts.
    const depth = 30;
    assert.deepEqual(expr(`${'('.repeat(depth)}1${')'.repeat(depth)}`), lit(1));
    const nested = `${'[x IN '.repeat(depth)}[1]${', 2]'.repeat(depth)}`;
    assert.equal(expr(nested).kind, 'list');
    syntaxError(`RETURN ${'((n)-'.repeat(depth)}`, 'UnexpectedSyntax');
  });

  it('expressions nested beyond the limit are a SyntaxError, not a stack overflow', () => {
    assert.deepEqual(expr(`${'('.repeat(90)}1${')'.repeat(90)}`), lit(1));
    assert.equal(expr(`1${'+1'.repeat(450)}`).kind, 'binary');
    const err = syntaxError(`RETURN ${'('.repeat(5000)}1${')'.repeat(5000)}`, 'UnexpectedSyntax');
    assert.match(err.message, /nested too deeply/);
    syntaxError(`RETURN 1${'+1'.repeat(5000)}`, 'UnexpectedSyntax');
    syntaxError(`RETURN ${'NOT '.repeat(5000)}true`, 'UnexpectedSyntax');
    syntaxError(`RETURN ${'['.repeat(5000)}${']'.repeat(5000)}`, 'UnexpectedSyntax');
  });

  it('clauses and patterns of other dialects say they are not supported', () => {
    assert.match(syntaxError('CALL db.labels()', 'UnexpectedSyntax', 1, 1).message, /procedure calls and CALL subqueries are not supported/);
    assert.match(syntaxError('MATCH (n) FOREACH (x IN [1] | CREATE ())', 'UnexpectedSyntax', 1, 11).message, /FOREACH is not supported; use UNWIND/);
    assert.match(syntaxError('MATCH (n) CALL { RETURN 1 } RETURN n', 'UnexpectedSyntax', 1, 11).message, /not supported/);
    assert.match(syntaxError('CREATE INDEX FOR (n:A) ON (n.x)', 'UnexpectedSyntax', 1, 1).message, /schema commands are not supported/);
    assert.match(syntaxError('MATCH p = shortestPath((a)-[*]-(b)) RETURN p', 'UnexpectedSyntax', 1, 11).message, /shortest-path patterns are not supported/);
    assert.match(syntaxError('MATCH (n:A|B) RETURN n', 'UnexpectedSyntax', 1, 11).message, /label expressions are not supported/);
  });

  it('empty text, unclosed comments, stray characters, two statements', () => {
    syntaxError('', 'UnexpectedSyntax', 1, 1);
    syntaxError('   // nothing', 'UnexpectedSyntax');
    syntaxError('RETURN 1 /* open', 'UnexpectedSyntax', 1, 10);
    syntaxError('RETURN 1 # 2', 'UnexpectedSyntax', 1, 10);
    syntaxError('RETURN 1; RETURN 2', 'UnexpectedSyntax', 1, 11);
    syntaxError('MATCH (n) RETURN n extra', 'UnexpectedSyntax', 1, 20);
  });
});
