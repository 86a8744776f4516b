import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  OWNERSHIP_REQUEST_LIMITS,
  PageParams,
} from '@service-ownership/plugin-ownership-common';
import { Request } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** `unknown` when `Accepted` is exactly `Contract`, else a type naming the difference. */
type ContractCheck<Contract, Accepted> = Same<
  keyof Contract,
  keyof Accepted
> extends true
  ? Same<Contract, Accepted> extends true
    ? unknown
    : { contract: Contract; accepted: Accepted }
  : {
      fieldsNotInBoth:
        | Exclude<keyof Contract, keyof Accepted>
        | Exclude<keyof Accepted, keyof Contract>;
    };

/**
 * Ties a request schema to its type in the HTTP contract (ownership-common):
 * it does not compile unless the schema accepts exactly the contract's
 * fields, each with the contract's type. Defaults and coercions are free to
 * shape what the route then reads.
 */
export function requestSchema<Contract>() {
  return <S extends z.ZodTypeAny>(
    schema: S & ContractCheck<Contract, z.input<S>>,
  ): S => schema;
}

/** Parses with zod and turns the first problem into an InputError naming the field. */
export function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: 'query parameter' | 'body field' | 'path parameter',
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue.path.join('.') || '(root)';
    throw new InputError(`Invalid ${where} '${name}': ${issue.message}`);
  }
  return result.data;
}

const name = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, ".", "_" or "-"');

/** `:kind/:namespace/:name` path parameters. */
export const entityPathSchema = z.object({
  kind: name,
  namespace: name,
  name,
});

/** The entity ref named by `:kind/:namespace/:name`. */
export function entityRefFromPath(req: Request): string {
  return stringifyEntityRef(
    parse(entityPathSchema, req.params, 'path parameter'),
  );
}

/** A calendar date, YYYY-MM-DD. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine(v => DateTime.fromISO(v).isValid, 'is not a valid date');

/** An ISO date or timestamp, as a Date. */
export const isoTime = z
  .string()
  .max(64)
  .refine(v => DateTime.fromISO(v, { zone: 'utc' }).isValid, {
    message: 'must be an ISO date or timestamp',
  })
  .transform(v => DateTime.fromISO(v, { zone: 'utc' }).toJSDate());

/** An integer query parameter with bounds and a default. */
export const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** An optional non-empty text parameter. */
export const optionalText = (max: number) =>
  z.string().min(1).max(max).optional();

/** `offset` and `limit` of a page (PageParams of the contract). */
export const pageSchema = requestSchema<PageParams>()(
  z.object({
    offset: int(0, 10_000_000, 0),
    limit: int(
      1,
      OWNERSHIP_REQUEST_LIMITS.pageSize.max,
      OWNERSHIP_REQUEST_LIMITS.pageSize.default,
    ),
  }),
);
