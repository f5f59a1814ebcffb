// Every error becomes JSON { code, message } with the status that says whose
// fault it is (src/server/http-error.ts): the table of engine codes, Cypher
// errors with their TCK type, detail and position, and unknown errors as 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, ClosedError, ConstraintError, CorruptionError, CypherError, ERROR_CODES, InvalidArgError, LockedError, NotFoundError, ReadOnlyError, SombraError } from '../../src/base/errors.js';
import { HttpError, errorResponse } from '../../src/server/http-error.js';

test('engine errors map to the status of whose fault they are', () => {
  const cases: Array<[Error, number, string]> = [
    [new InvalidArgError('bad'), 400, 'INVALID_ARG'],
    [new NotFoundError('no node 9'), 404, 'NOT_FOUND'],
    [new LockedError('g.sombra is locked by process 12', 12), 409, 'LOCKED'],
    [new ConstraintError('node 1 still has relationships'), 409, 'CONSTRAINT'],
    [new ReadOnlyError(), 403, 'READ_ONLY'],
    [new ClosedError(), 503, 'CLOSED'],
    [new CorruptionError('page 3: checksum mismatch', { file: 'g.sombra' }), 500, 'CORRUPTION'],
    [new CancelledError(), 499, 'CANCELLED'],
    [new HttpError(401, 'UNAUTHORIZED', 'token needed'), 401, 'UNAUTHORIZED'],
    [new Error('boom'), 500, 'INTERNAL'],
  ];
  for (const [err, status, code] of cases) {
    const r = errorResponse(err);
    assert.equal(r.status, status, `${code}`);
    assert.equal(r.body.code, code);
    assert.equal(r.body.message, err.message);
  }
});

test('every engine code has a status', () => {
  for (const code of ERROR_CODES) {
    const r = errorResponse(new SombraError(code, 'x'));
    assert.ok(r.status >= 400 && r.status < 600, `${code} -> ${r.status}`);
    assert.equal(r.body.code, code);
  }
});

test('a Cypher error keeps its TCK type, detail, phase and position', () => {
  const err = new CypherError('SyntaxError', 'UnexpectedSyntax', 'Invalid input', { phase: 'compile', position: { offset: 6, line: 1, column: 7 } });
  assert.deepEqual(errorResponse(err), {
    status: 400,
    body: { code: 'CYPHER_SYNTAX', message: 'Invalid input', type: 'SyntaxError', detail: 'UnexpectedSyntax', phase: 'compile', position: { offset: 6, line: 1, column: 7 } },
  });
});

test("fastify's own errors: a body over the limit is 413, other client errors 400", () => {
  const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
  assert.deepEqual(errorResponse(tooLarge), { status: 413, body: { code: 'BODY_TOO_LARGE', message: 'Request body is too large' } });
  const badJson = Object.assign(new Error('Unexpected end of JSON input'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
  assert.equal(errorResponse(badJson).status, 400);
  assert.equal(errorResponse(badJson).body.code, 'INVALID_ARG');
});
