/**
 * The error a bad query spec raises: `INVALID_ARG`, with the path of the
 * offending part of the spec (`where.args[2].args[0]`) in `specPath` and at
 * the start of the message. Thrown before anything touches the database.
 */
import { InvalidArgError } from '../../base/errors.js';

export class QuerySpecError extends InvalidArgError {
  /** The path of the offending part of the spec (`''` for the spec as a whole). */
  readonly specPath: string;

  constructor(specPath: string, detail: string) {
    super(specPath === '' ? `query spec: ${detail}` : `${specPath}: ${detail}`);
    this.name = 'QuerySpecError';
    this.specPath = specPath;
  }
}
