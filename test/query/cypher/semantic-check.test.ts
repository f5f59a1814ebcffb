import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CypherError } from '../../../src/base/errors.js';
import { parseCypher } from '../../../src/query/cypher/parser.js';
import { checkStatement } from '../../../src/query/cypher/semantic-check.js';

function check(text: string): void {
  checkStatement(parseCypher(text), text);
}

function valid(...texts: string[]): void {
  for (const text of texts) assert.doesNotThrow(() => check(text), text);
}

/** `text` fails the checks with `detail` (type SyntaxError unless given), pointing at `at` when given. */
function invalid(detail: string, text: string, at?: { line: number; column: number }, type = 'SyntaxError'): CypherError {
  let caught: unknown;
  try {
    check(text);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof CypherError, `expected ${detail} for ${JSON.stringify(text)}, got ${String(caught)}`);
  assert.equal(caught.detail, detail, `${text}\n${caught.message}`);
  assert.equal(caught.type, type);
  assert.equal(caught.phase, 'compile');
  if (at !== undefined) {
    assert.equal(caught.position?.line, at.line, caught.message);
    assert.equal(caught.position?.column, at.column, caught.message);
  }
  return caught;
}

describe('checkStatement: variables and scopes', () => {
  it('UndefinedVariable, pointing at the variable', () => {
    const err = invalid('UndefinedVariable', 'MATCH ()\nRETURN foo', { line: 2, column: 8 });
    assert.equal(err.message, 'Variable `foo` not defined (line 2, column 8)\nRETURN foo\n       ^');
    invalid('UndefinedVariable', 'RETURN {k1: k2} AS literal');
    invalid('UndefinedVariable', 'CREATE (b {name: missing}) RETURN b');
    invalid('UndefinedVariable', 'MATCH (a) SET a.name = missing RETURN a');
    invalid('UndefinedVariable', 'MATCH (a) DELETE x');
    invalid('UndefinedVariable', 'MERGE (n) ON CREATE SET x.num = 1');
  });

  it('WITH and RETURN replace the scope; * keeps it', () => {
    invalid('UndefinedVariable', 'MATCH (a), (b) WITH a RETURN b');
    valid('MATCH (a), (b) WITH * RETURN a, b', 'MATCH (a) WITH a AS x RETURN x', 'UNWIND [1] AS i WITH i WHERE i > 0 RETURN i');
  });

  it('ORDER BY sees projected names and, unless aggregating or DISTINCT, the earlier variables', () => {
    valid('MATCH (a) RETURN a.name AS n ORDER BY a.age', 'MATCH (a) RETURN a.name AS n ORDER BY n', 'MATCH (a) RETURN DISTINCT a.name ORDER BY a.name');
    invalid('UndefinedVariable', 'MATCH (a) RETURN DISTINCT a.name ORDER BY a.age', { line: 1, column: 43 });
    invalid('UndefinedVariable', 'MATCH (a:A), (b:B), (c:C) WITH a, b WITH a ORDER BY c RETURN a');
    invalid('UndefinedVariable', 'MATCH (a) RETURN count(a) AS c ORDER BY a.x');
  });

  it('WHERE after WITH sees the earlier variables unless the WITH aggregates', () => {
    valid('MATCH (a) WITH DISTINCT a.name2 AS name WHERE a.name2 = "B" RETURN *');
    invalid('UndefinedVariable', 'MATCH (a) WITH count(*) AS c WHERE a.x = 1 RETURN c');
  });

  it('local variables of comprehensions, quantifiers and reduce stay local', () => {
    valid('RETURN [x IN [1] | x + 1] AS l, all(y IN [1] WHERE y > 0) AS q, reduce(s = 0, z IN [1] | s + z) AS r');
    invalid('UndefinedVariable', 'RETURN [x IN [1] | x] AS l, x');
    valid('MATCH (a) RETURN [(a)-->(b) | b.name] AS names');
    invalid('UndefinedVariable', 'MATCH (a) RETURN [(a)-->(b) | b.name] AS names, b');
  });

  it('EXISTS subqueries see the outer variables', () => {
    valid('MATCH (n) WHERE EXISTS { MATCH (n)-->(m) WHERE m.x = n.x } RETURN n', 'MATCH (n) WHERE exists { (n)-->(m) } RETURN n');
    invalid('UndefinedVariable', 'MATCH (n) WHERE EXISTS { (n)-->(m) WHERE m.x = q } RETURN n');
  });

  it('pattern predicates bind nothing and only test in WHERE', () => {
    valid('MATCH (n), (a) WHERE (n)-->(a) RETURN n', 'MATCH (n) WHERE NOT (n)-->() RETURN n', 'MATCH (n) RETURN exists((n)-->()) AS e');
    invalid('UndefinedVariable', 'MATCH (n) WHERE (n)-[r]->() RETURN n');
    invalid('UnexpectedSyntax', 'MATCH (n) RETURN (n)-[]->()');
    invalid('UnexpectedSyntax', 'MATCH (n) WITH (n)-[]->() AS x RETURN x');
    invalid('InvalidArgumentType', 'MATCH (n) WHERE (n) RETURN n');
  });
});

describe('checkStatement: pattern variables', () => {
  it('VariableTypeConflict: a node used as a relationship, a relationship or path as a node, a value as either', () => {
    invalid('VariableTypeConflict', 'MATCH ()-[r]-() MATCH (r) RETURN r', { line: 1, column: 23 });
    invalid('VariableTypeConflict', 'MATCH r = ()-[]-() MATCH (r) RETURN r');
    invalid('VariableTypeConflict', 'MATCH ()-[r]->(r) RETURN r');
    invalid('VariableTypeConflict', 'MATCH r = ()-[]-(), (r) RETURN r');
    invalid('VariableTypeConflict', 'WITH 123 AS n MATCH (n) RETURN n');
    invalid('VariableTypeConflict', 'MATCH (r) MATCH ()-[r]-() RETURN r');
    invalid('VariableTypeConflict', 'WITH [] AS r MATCH ()-[r]-() RETURN r');
    invalid('VariableTypeConflict', 'MATCH r = ()-[]-(), ()-[r*]-() RETURN r');
  });

  it('re-matching a bound node or relationship is fine; a list of relationships can be matched as a path', () => {
    valid(
      'MATCH (a)-->(b) MATCH (b)-->(a) RETURN a',
      'MATCH ()-[r]->() MATCH ()-[r]->() RETURN r',
      'MATCH ()-[r1]->()-[r2]->() WITH [r1, r2] AS rs LIMIT 1 MATCH (first)-[rs*]->(second) RETURN first',
      'WITH null AS n MATCH (n) RETURN n',
    );
  });

  it('VariableAlreadyBound: a path variable must be new', () => {
    invalid('VariableAlreadyBound', 'MATCH (p)-[]-() MATCH p = ()-[]-() RETURN p');
    invalid('VariableAlreadyBound', 'MATCH p = (p)-[]-() RETURN p');
    invalid('VariableAlreadyBound', 'WITH true AS p MATCH p = ()-[]-() RETURN p');
    invalid('VariableAlreadyBound', 'UNWIND [1] AS x UNWIND [2] AS x RETURN x');
  });

  it('RelationshipUniquenessViolation: one relationship variable twice in a pattern', () => {
    invalid('RelationshipUniquenessViolation', 'MATCH (a)-[r]->()-[r]->(a) RETURN r');
  });

  it('InvalidParameterUse: a parameter as the property map of MATCH or MERGE (CREATE allows it)', () => {
    invalid('InvalidParameterUse', 'MATCH (n $param) RETURN n');
    invalid('InvalidParameterUse', 'MATCH ()-[r:FOO $param]->() RETURN r');
    invalid('InvalidParameterUse', 'MERGE (n $param) RETURN n');
    valid('CREATE (n $param) RETURN n', 'MATCH (n {name: $name}) RETURN n');
  });
});

describe('checkStatement: CREATE and MERGE', () => {
  it('VariableAlreadyBound: a bound node created again or given labels or properties; a bound relationship', () => {
    invalid('VariableAlreadyBound', 'MATCH (a) CREATE (a)');
    invalid('VariableAlreadyBound', "MATCH (a) CREATE (a {name: 'foo'}) RETURN a");
    invalid('VariableAlreadyBound', 'CREATE (n:Foo)-[:T1]->(), (n:Bar)-[:T2]->()');
    invalid('VariableAlreadyBound', 'CREATE (n {}) CREATE (n:Bar)-[:OWNS]->(:Dog)');
    invalid('VariableAlreadyBound', 'MATCH (a) MERGE (a)');
    invalid('VariableAlreadyBound', 'CREATE (a:Foo) MERGE (a)-[r:KNOWS]->(a:Bar)');
    invalid('VariableAlreadyBound', 'MATCH (a)-[r]->(b) MERGE (a)-[r]->(b)');
    valid('MATCH (a), (b) CREATE (a)-[:T]->(b)', 'CREATE (a)-[:T]->(a)', 'MATCH (a) MERGE (a)-[:T]->(b) RETURN b');
  });

  it('relationships need one type, a direction (CREATE) and a single hop', () => {
    invalid('NoSingleRelationshipType', 'CREATE (a), (b) MERGE (a)-->(b)');
    invalid('NoSingleRelationshipType', 'MATCH (a), (b) MERGE (a)-[NO_COLON]->(b)');
    invalid('NoSingleRelationshipType', 'CREATE (a), (b) MERGE (a)-[:A|:B]->(b)');
    invalid('NoSingleRelationshipType', 'CREATE ()-->()');
    invalid('RequiresDirectedRelationship', 'CREATE ()-[:T]-()');
    invalid('CreatingVarLength', 'MERGE (a) MERGE (b) MERGE (a)-[:FOO*2]->(b)');
    valid('MERGE (a)-[:T]-(b) RETURN a');
  });
});

describe('checkStatement: projections', () => {
  it('NoVariablesInScope, ColumnNameConflict, NoExpressionAlias', () => {
    invalid('NoVariablesInScope', 'MATCH () RETURN *');
    valid('MATCH () CREATE () WITH * CREATE ()');
    invalid('ColumnNameConflict', 'RETURN 1 AS a, 2 AS a');
    invalid('ColumnNameConflict', 'WITH 1 AS a, 2 AS a RETURN a');
    invalid('NoExpressionAlias', 'MATCH (a) WITH a, count(*) RETURN a', { line: 1, column: 19 });
  });

  it('InvalidAggregation: aggregations outside projections', () => {
    invalid('InvalidAggregation', 'MATCH (n) WHERE count(n) > 1 RETURN n');
    invalid('InvalidAggregation', 'MATCH (n) RETURN n.num1 ORDER BY max(n.num2)');
    invalid('InvalidAggregation', 'MATCH (n) WITH n.num1 AS foo ORDER BY count(n) RETURN foo');
    invalid('InvalidAggregation', 'MATCH (n) RETURN [x IN [1, 2, 3] | count(*)]');
    invalid('InvalidAggregation', 'UNWIND [count(*)] AS x RETURN x');
    invalid('NestedAggregation', 'RETURN count(count(*))');
    invalid('NonConstantExpression', 'RETURN count(rand())');
    valid('MATCH (n) RETURN n.x AS x, count(*) AS c ORDER BY c', 'MATCH (n) RETURN count(*) ORDER BY count(*)', 'MATCH (n) RETURN n.a, n.a + count(*) AS s');
  });

  it('AmbiguousAggregationExpression: expressions around an aggregation must be grouping keys', () => {
    invalid('AmbiguousAggregationExpression', 'MATCH (me)--(you) WITH me.age + count(you.age) AS agg RETURN *');
    invalid('AmbiguousAggregationExpression', 'MATCH (me)--(you) WITH me.age + you.age AS grp, me.age + you.age + count(*) AS agg RETURN *');
    invalid('AmbiguousAggregationExpression', 'MATCH (me)--(you) RETURN me.age + you.age, count(*) AS cnt ORDER BY me.age + you.age + count(*)');
    invalid('AmbiguousAggregationExpression', 'MATCH (me)--(you) WITH me.age + you.age, count(*) AS cnt ORDER BY me.age + you.age + count(*) RETURN *');
    invalid('UndefinedVariable', 'MATCH (me)--(you) RETURN count(you.age) AS agg ORDER BY me.age + count(you.age)');
    invalid('UndefinedVariable', 'MATCH (a) WITH a, a.num AS sum WITH a.num2 % 3 AS mod, min(sum) AS min ORDER BY sum(sum) RETURN mod');
    valid('MATCH (me)--(you) RETURN me, me.age + count(*) AS c', 'MATCH (me)--(you) RETURN me.age AS a, count(*) AS c ORDER BY a + count(*)');
  });

  it('SKIP and LIMIT: constant non-negative integers', () => {
    invalid('NonConstantExpression', 'MATCH (n) RETURN n SKIP n.count');
    invalid('NonConstantExpression', 'MATCH (n) RETURN n LIMIT n.count');
    invalid('NegativeIntegerArgument', 'MATCH (n) RETURN n SKIP -1');
    invalid('NegativeIntegerArgument', 'MATCH (n) RETURN n LIMIT -1');
    invalid('InvalidArgumentType', 'MATCH (n) RETURN n LIMIT 1.7');
    invalid('InvalidArgumentType', "MATCH (n) RETURN n SKIP 'a'");
    valid('MATCH (n) RETURN n SKIP $s LIMIT 1 + 2', 'MATCH (n) RETURN n LIMIT toInteger(ceil(1.7))');
  });
});

describe('checkStatement: clause composition and UNION', () => {
  it('InvalidClauseComposition', () => {
    invalid('InvalidClauseComposition', 'MATCH (n) RETURN n MATCH (m) RETURN m');
    invalid('InvalidClauseComposition', 'MATCH (n)');
    invalid('InvalidClauseComposition', 'MATCH (n) WITH n');
    invalid('InvalidClauseComposition', 'CREATE (n) MATCH (m) RETURN m');
    invalid('InvalidClauseComposition', "MATCH (n) WHERE exists { MATCH (n)-->(m) SET m.prop = 'fail' } RETURN n");
    invalid('InvalidClauseComposition', 'RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a');
    invalid('InvalidClauseComposition', 'RETURN 1 AS a UNION ALL RETURN 2 AS a UNION RETURN 3 AS a');
    valid('CREATE (n) WITH n MATCH (m) RETURN m', 'MATCH (n) DELETE n', 'CREATE (n) SET n.x = 1 RETURN n');
  });

  it('DifferentColumnsInUnion', () => {
    invalid('DifferentColumnsInUnion', 'RETURN 1 AS a UNION RETURN 2 AS b');
    invalid('DifferentColumnsInUnion', 'RETURN 1 AS a UNION ALL RETURN 2 AS b');
    valid('RETURN 1 AS a UNION RETURN 2 AS a', 'MATCH (a) RETURN a UNION MATCH (a) RETURN a');
  });
});

describe('checkStatement: DELETE, functions and static types', () => {
  it('InvalidDelete and InvalidArgumentType of DELETE', () => {
    invalid('InvalidDelete', 'MATCH (n) DELETE n:Person');
    invalid('InvalidArgumentType', 'MATCH () DELETE 1 + 1');
    valid('MATCH p = ()-->() DELETE p', 'MATCH ()-[r]->() DELETE r');
  });

  it('UnknownFunction', () => {
    invalid('UnknownFunction', 'MATCH (a) RETURN foo(a)', { line: 1, column: 18 });
    valid('RETURN toLower("A") AS a, TOUPPER("a") AS b, coalesce(null, 1) AS c');
  });

  it('boolean operators, IN, arithmetic and property access on values of a known wrong type', () => {
    invalid('InvalidArgumentType', 'RETURN 123 AND true');
    invalid('InvalidArgumentType', 'RETURN NOT {a: 1}');
    invalid('InvalidArgumentType', 'RETURN [] XOR false');
    invalid('InvalidArgumentType', 'RETURN 1 IN 123');
    invalid('InvalidArgumentType', "RETURN none(x IN ['Clara'] WHERE x % 2 = 0) AS result");
    invalid('InvalidArgumentType', 'WITH 123 AS x RETURN x.num', undefined, 'TypeError');
    invalid('InvalidArgumentType', "MATCH (n) MATCH r = (n)-[*]->() WHERE r.name = 'apa' RETURN r");
    valid('RETURN null AND true', 'RETURN $p AND true', 'WITH {a: 1} AS m RETURN m.a', 'RETURN 1 IN [1]', 'RETURN 1 IN null');
  });

  it('function arguments of a known wrong type', () => {
    invalid('InvalidArgumentType', 'MATCH p = (a) RETURN labels(p) AS l');
    invalid('InvalidArgumentType', 'MATCH (r) RETURN type(r)');
    invalid('InvalidArgumentType', 'RETURN properties(1)');
    invalid('InvalidArgumentType', 'MATCH p = (a)-[*]->(b) RETURN size(p)');
    invalid('InvalidArgumentType', 'MATCH ()-[r]->() RETURN length(r)');
    valid('MATCH p = (a)-[r]->() RETURN labels(a), type(r), length(p), properties(r), size([1])');
  });

  it('without the query text, errors still carry type and detail', () => {
    let caught: unknown;
    try {
      checkStatement(parseCypher('RETURN x'));
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof CypherError);
    assert.equal(caught.detail, 'UndefinedVariable');
    assert.equal(caught.position, null);
  });

  it('a tree built from a builder spec is named by its spec path', () => {
    const stmt = parseCypher('MATCH (n) RETURN m');
    const ret = stmt.queries[0]?.clauses[1];
    assert.ok(ret?.kind === 'return');
    const item = ret.projection.items[0];
    assert.ok(item !== undefined);
    item.expr.specPath = 'return[0]';
    assert.throws(() => checkStatement(stmt), (err: unknown) => err instanceof CypherError && err.message === 'Variable `m` not defined (at return[0])');
  });
});
