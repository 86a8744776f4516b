import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { int, pageSchema, parse, requestSchema } from './validation';

interface Contract {
  name?: string;
  size?: number;
}

describe('requestSchema', () => {
  it('accepts a schema that parses exactly the contract', () => {
    const schema = requestSchema<Contract>()(
      z.object({ name: z.string().optional(), size: int(1, 10, 5) }),
    );
    expect(parse(schema, { name: 'a' }, 'query parameter')).toEqual({
      name: 'a',
      size: 5,
    });
  });

  it('does not compile when the schema drifts from the contract', () => {
    // These are checked by tsc; at run time the schema passes through.
    const missing = requestSchema<Contract>()(
      // @ts-expect-error the contract's `size` is not accepted
      z.object({ name: z.string().optional() }),
    );
    const extra = requestSchema<Contract>()(
      // @ts-expect-error `color` is not in the contract
      z.object({
        name: z.string().optional(),
        size: int(1, 10, 5),
        color: z.string().optional(),
      }),
    );
    const wrongType = requestSchema<Contract>()(
      // @ts-expect-error `name` is a list, the contract says one string
      z.object({ name: z.array(z.string()).optional(), size: int(1, 10, 5) }),
    );
    expect(
      [missing, extra, wrongType].every(s => s instanceof z.ZodObject),
    ).toBe(true);
  });
});

describe('pageSchema', () => {
  it('defaults and bounds offset and limit', () => {
    expect(parse(pageSchema, {}, 'query parameter')).toEqual({
      offset: 0,
      limit: 50,
    });
    expect(() =>
      parse(pageSchema, { limit: '501' }, 'query parameter'),
    ).toThrow(InputError);
  });
});
