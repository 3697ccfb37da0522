/**
 * Holds the client's response types to what the real server sends, field by field.
 *
 * `expectFields(what, value, rules)` takes one rule per field of the TypeScript type, and the
 * compiler checks the rules against the type: every field must be listed, and each rule must say
 * exactly what the type says (`required` or `optional`, plus `|null` when the type admits null).
 * At run time the value is checked against the same rules, so a test fails when the server sends
 * a field the type does not declare, leaves out a required one, or sends null where the type
 * does not allow it. When a type changes, the rules in the tests stop compiling until they agree.
 */
import { expect } from 'vitest';

type Presence<T, K extends keyof T> = {} extends Pick<T, K> ? 'optional' : 'required';
type Nullability<T, K extends keyof T> = null extends T[K] ? '|null' : '';

/** The rule the type itself implies for field K: e.g. `'optional|null'` for `x?: string | null`. */
export type FieldRule<T, K extends keyof T> = `${Presence<T, K>}${Nullability<T, K>}`;

/** One rule per field of T, each exactly the one T implies. */
export type FieldRules<T> = { [K in keyof T]-?: FieldRule<T, K> };

/** Problems of `value` against `rules`, as sentences; empty when it fits. */
export function fieldProblems(value: unknown, rules: Record<string, string>): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`expected an object, got ${JSON.stringify(value)}`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const undeclared = Object.keys(record).filter((k) => !(k in rules));
  if (undeclared.length > 0) problems.push(`fields the type does not declare: ${undeclared.join(', ')}`);
  for (const [key, rule] of Object.entries(rules)) {
    const present = key in record && record[key] !== undefined;
    if (rule.startsWith('required') && !present) problems.push(`required field missing: ${key}`);
    if (present && record[key] === null && !rule.endsWith('|null')) problems.push(`null where the type does not allow it: ${key}`);
  }
  return problems;
}

/** Asserts that one object from the server fits its TypeScript type (see the file comment). */
export function expectFields<T extends object>(what: string, value: T, rules: FieldRules<T>): void {
  expect(fieldProblems(value, rules as Record<string, string>), `${what} vs its type`).toEqual([]);
}

/** `expectFields` for every element of a list. */
export function expectEachFields<T extends object>(what: string, values: readonly T[], rules: FieldRules<T>): void {
  values.forEach((v, i) => expectFields(`${what}[${i}]`, v, rules));
}
