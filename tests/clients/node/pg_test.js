// node-postgres (pg) against the server: every common type as parameters
// and results, a transaction that rolls back, a savepoint, a unique
// violation as pg's DatabaseError with its fields, COPY in and out through
// pg-copy-streams, and a prepared (named) statement. Connects with the PG*
// environment variables.

'use strict';
const assert = require('assert');
const { Client } = require('pg');
const { from: copyFrom, to: copyTo } = require('pg-copy-streams');
const { pipeline } = require('stream/promises');
const { Readable, Writable } = require('stream');

async function main() {
  const c = new Client();
  await c.connect();
  await c.query('drop table if exists np_types, np_items');
  await c.query(`create table np_types (id int primary key, c_int2 int2, c_int4 int4, c_int8 int8,
    c_numeric numeric(12,3), c_float4 float4, c_float8 float8, c_bool bool, c_text text,
    c_varchar varchar(10), c_char char(3), c_bytea bytea, c_date date, c_timestamp timestamp,
    c_timestamptz timestamptz, c_interval interval, c_uuid uuid, c_json json, c_jsonb jsonb,
    c_int_array int4[], c_text_array text[])`);
  await c.query('create table np_items (id serial primary key, name text unique not null, n int)');

  const ts = new Date(Date.UTC(2001, 1, 3, 4, 5, 6, 789));
  await c.query(`insert into np_types values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
    $14, $15, $16, $17, $18, $19, $20, $21)`,
    [1, 32767, -2147483648, '9223372036854775807', '123456789.125', 1.5, -2.25e100, true,
      'héllo \'q\' "d"', 'short', 'ab', Buffer.from([0, 1, 254, 255]), '2024-02-29',
      '2001-02-03 04:05:06.789', ts, '3 days 04:00:05', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      JSON.stringify({ a: [1, 2] }), { b: { c: null } }, [1, 2, 3], ['a', 'b c', 'd,e']]);
  await c.query('insert into np_types (id) values (2)');
  const r = await c.query('select * from np_types order by id');
  const row = r.rows[0];
  assert.strictEqual(row.c_int2, 32767);
  assert.strictEqual(row.c_int4, -2147483648);
  assert.strictEqual(row.c_int8, '9223372036854775807');
  assert.strictEqual(row.c_numeric, '123456789.125');
  assert.strictEqual(row.c_float4, 1.5);
  assert.strictEqual(row.c_float8, -2.25e100);
  assert.strictEqual(row.c_bool, true);
  assert.strictEqual(row.c_text, 'héllo \'q\' "d"');
  assert.strictEqual(row.c_varchar, 'short');
  assert.strictEqual(row.c_char, 'ab ');
  assert.deepStrictEqual(row.c_bytea, Buffer.from([0, 1, 254, 255]));
  assert.strictEqual(row.c_date.getFullYear() * 10000 + (row.c_date.getMonth() + 1) * 100 + row.c_date.getDate(), 20240229);
  assert.strictEqual(row.c_timestamptz.getTime(), ts.getTime());
  assert.deepStrictEqual({ ...row.c_interval }, { days: 3, hours: 4, seconds: 5 });
  assert.strictEqual(row.c_uuid, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  assert.deepStrictEqual(row.c_json, { a: [1, 2] });
  assert.deepStrictEqual(row.c_jsonb, { b: { c: null } });
  assert.deepStrictEqual(row.c_int_array, [1, 2, 3]);
  assert.deepStrictEqual(row.c_text_array, ['a', 'b c', 'd,e']);
  assert.deepStrictEqual(Object.values(r.rows[1]).slice(1), new Array(20).fill(null));
  assert.deepStrictEqual(r.fields.map((f) => f.name).slice(0, 3), ['id', 'c_int2', 'c_int4']);
  // The type OIDs the RowDescription carries (int2, int4, int8, numeric).
  assert.deepStrictEqual(r.fields.slice(1, 5).map((f) => f.dataTypeID), [21, 23, 20, 1700]);

  // Binary results on request (rowMode array, binary format).
  const b = await c.query({ text: 'select $1::int4 + 1 as n, $2::text as t', values: [41, 'x'], binary: true });
  assert.strictEqual(b.rows[0].t, 'x');

  // A named prepared statement run twice.
  for (const [n, want] of [[1, 2], [5, 6]]) {
    const p = await c.query({ name: 'plus_one', text: 'select $1::int + 1 as v', values: [n] });
    assert.strictEqual(p.rows[0].v, want);
  }

  // A transaction that rolls back.
  await c.query('begin');
  await c.query('insert into np_items (name) values ($1)', ['rolled back']);
  await c.query('rollback');
  assert.strictEqual((await c.query('select count(*)::int as n from np_items')).rows[0].n, 0);

  // A savepoint.
  await c.query('begin');
  await c.query("insert into np_items (name, n) values ('kept', 1)");
  await c.query('savepoint sp');
  await c.query("insert into np_items (name, n) values ('undone', 2)");
  await c.query('rollback to savepoint sp');
  await c.query('commit');
  assert.deepStrictEqual((await c.query('select name from np_items')).rows, [{ name: 'kept' }]);

  // A unique violation, with the fields pg's DatabaseError carries.
  await assert.rejects(c.query('insert into np_items (name) values ($1)', ['kept']), (e) => {
    assert.strictEqual(e.code, '23505');
    assert.strictEqual(e.message, 'duplicate key value violates unique constraint "np_items_name_key"');
    assert.strictEqual(e.detail, 'Key (name)=(kept) already exists.');
    assert.strictEqual(e.constraint, 'np_items_name_key');
    assert.strictEqual(e.table, 'np_items');
    assert.strictEqual(e.schema, 'public');
    assert.strictEqual(e.severity, 'ERROR');
    return true;
  });
  // An error in a transaction aborts it until rollback.
  await c.query('begin');
  await assert.rejects(c.query('select 1/0'), { code: '22012', message: 'division by zero' });
  await assert.rejects(c.query('select 1'), { code: '25P02' });
  await c.query('rollback');

  // COPY in and out.
  const lines = [];
  for (let i = 0; i < 100; i++) lines.push(`copied${i}\t${i}\n`);
  await pipeline(Readable.from(lines), c.query(copyFrom('copy np_items (name, n) from stdin')));
  assert.strictEqual((await c.query("select sum(n)::int as s from np_items where name like 'copied%'")).rows[0].s, 4950);
  const chunks = [];
  await pipeline(c.query(copyTo("copy (select name, n from np_items where n < 3 order by n, name) to stdout with (format csv)")),
    new Writable({ write(chunk, enc, cb) { chunks.push(chunk); cb(); } }));
  assert.strictEqual(Buffer.concat(chunks).toString(), 'copied0,0\ncopied1,1\nkept,1\ncopied2,2\n');

  await c.query('drop table np_types, np_items');
  await c.end();
  console.log('pg ok');
}

main().catch((e) => { console.error(e); process.exit(1); });
