import type { z } from 'zod';
import type { ErrorDetail, ErrorParams } from '../errors.js';

/**
 * One zod issue → the 400's field details. Each detail keeps zod's issue code and the bounds that
 * explain it (minimum, maximum, expected type, format, allowed values) as `params`, so the web
 * client can say in the user's language what is wrong with the field (B10); `message` stays the
 * English sentence for API users. An unknown key gives one detail per key, at the key's path.
 */
export function issueDetails(where: string, issue: z.core.$ZodIssue): ErrorDetail[] {
  const at = (path: readonly PropertyKey[]): string => [where, ...path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => ({ path: at([...issue.path, k]), message: 'unknown field', code: issue.code }));
  }
  // zod says a missing field is of the wrong type ("expected string, received undefined"): to a person it is required.
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return [{ path: at(issue.path), message: issue.message, code: 'required', params: { expected: issue.expected } }];
  }
  // freeText() (common-schemas.ts) marks its refusal: a code of its own, so people read what is wrong.
  if (issue.code === 'custom' && issue.params?.reason === 'control-characters') {
    return [{ path: at(issue.path), message: issue.message, code: 'control_characters', ...(issue.params.multiline ? { params: { multiline: 1 } } : {}) }];
  }
  const params = issueParams(issue);
  return [{ path: at(issue.path), message: issue.message, code: issue.code, ...(params ? { params } : {}) }];
}

/** The primitive facts of an issue a sentence can use; nothing of the rejected value itself (it may be patient data). */
function issueParams(issue: z.core.$ZodIssue): ErrorParams | undefined {
  const p: ErrorParams = {};
  switch (issue.code) {
    case 'too_small':
      p.minimum = Number(issue.minimum);
      p.origin = issue.origin;
      if (issue.inclusive === false) p.exclusive = 1;
      break;
    case 'too_big':
      p.maximum = Number(issue.maximum);
      p.origin = issue.origin;
      if (issue.inclusive === false) p.exclusive = 1;
      break;
    case 'invalid_type':
      p.expected = issue.expected;
      break;
    case 'invalid_format':
      p.format = issue.format;
      break;
    case 'not_multiple_of':
      p.divisor = Number(issue.divisor);
      break;
    case 'invalid_value':
      p.values = issue.values.map(String).join(', ');
      break;
    default:
      return undefined;
  }
  return p;
}
