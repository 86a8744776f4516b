import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { neutralizeCsvCell, sendCsv } from './csv';

describe('neutralizeCsvCell', () => {
  it.each([
    [
      '=HYPERLINK("https://evil.example")',
      `'=HYPERLINK("https://evil.example")`,
    ],
    ['+1', `'+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['component:default/payments', 'component:default/payments'],
    ['Payments API', 'Payments API'],
    ['', ''],
  ])('turns %j into %j', (value, expected) => {
    expect(neutralizeCsvCell(value)).toBe(expected);
  });
});

describe('sendCsv', () => {
  type Row = { ref: string; title: string };

  function app(batches: () => AsyncIterable<Row[]>) {
    const router = Router();
    router.get('/export.csv', async (_req, res) => {
      await sendCsv(res, 'rows.csv', ['ref', 'title'], batches(), row => row);
    });
    const server = express();
    server.use(router);
    server.use(
      (error: Error, _req: Request, res: Response, _next: NextFunction) => {
        res.status(500).json({ error: { message: error.message } });
      },
    );
    return server;
  }

  it('streams every batch under one header, with formulas neutralised', async () => {
    const res = await request(
      app(async function* rows() {
        yield [{ ref: 'component:default/a', title: '=1+1' }];
        yield [];
        yield [{ ref: 'component:default/b', title: 'B, with a comma' }];
      }),
    ).get('/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="rows.csv"',
    );
    expect(res.text).toBe(
      `ref,title\ncomponent:default/a,'=1+1\ncomponent:default/b,"B, with a comma"\n`,
    );
  });

  it('answers a failing first read with an error instead of a CSV', async () => {
    let closed = false;
    const res = await request(
      app(async function* rows() {
        try {
          throw new Error('database is locked');
        } finally {
          closed = true;
        }
      }),
    ).get('/export.csv');
    expect(res.status).toBe(500);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body).toEqual({ error: { message: 'database is locked' } });
    expect(closed).toBe(true);
  });
});
