// knex against the server (its pg client): migrations up and down with
// knex's migration lock tables, schema inspection, parameterized inserts
// and reads of the columns' types, a transaction that rolls back, a nested
// transaction (a savepoint), a unique violation, and columnInfo.

'use strict';
const assert = require('assert');
const path = require('path');

const knex = require('knex')({
  client: 'pg',
  connection: {}, // the PG* environment variables
  pool: { min: 1, max: 2 },
  migrations: { directory: path.join(__dirname, 'migrations'), tableName: 'kx_migrations' },
});

// migrateAndInspect runs the migrations with knex's migrator and checks
// the schema through knex's inspection.
async function migrateAndInspect() {
  const [batch, done] = await knex.migrate.latest();
  assert.strictEqual(batch, 1);
  assert.deepStrictEqual(done.map((f) => path.basename(f)),
    ['20260101000000_authors.js', '20260102000000_alter.js']);
  assert.deepStrictEqual(await knex.migrate.latest(), [1, []]);
  assert.strictEqual(await knex.migrate.currentVersion(), '20260102000000');

  assert.ok(await knex.schema.hasTable('kx_books'));
  assert.ok(await knex.schema.hasColumn('kx_books', 'details'));
  assert.ok(!(await knex.schema.hasColumn('kx_books', 'meta')));
  const info = await knex('kx_books').columnInfo();
  assert.deepStrictEqual(Object.keys(info), ['author_id', 'seq', 'title', 'price', 'details', 'ref', 'in_print', 'pages']);
  assert.deepStrictEqual(info.title, { type: 'character varying', maxLength: 200, nullable: false, defaultValue: "'untitled'::character varying" });
  assert.strictEqual(info.price.type, 'numeric');
  assert.strictEqual(info.pages.defaultValue, '0');
  const ainfo = await knex('kx_authors').columnInfo();
  assert.deepStrictEqual([ainfo.name.type, ainfo.name.maxLength], ['character varying', 120]);

}

async function main() {
  // knex's migrator and schema inspection (hasTable, hasColumn,
  // columnInfo) read information_schema.
  await knex.raw('drop table if exists kx_books, kx_authors, kx_migrations, kx_migrations_lock');
  await migrateAndInspect();

  const [ann] = await knex('kx_authors').insert({ email: 'ann@example.com', name: 'Ann', born: '1970-05-06' }).returning(['id', 'created_at']);
  assert.strictEqual(ann.id, 1);
  assert.ok(ann.created_at instanceof Date);
  await knex('kx_books').insert([
    { author_id: ann.id, seq: 1, title: 'One', price: '12.50', details: { tags: ['a'] }, ref: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', pages: 100 },
    { author_id: ann.id, seq: 2, title: 'Two', in_print: false },
  ]);
  const books = await knex('kx_books').join('kx_authors', 'kx_authors.id', 'kx_books.author_id')
    .select('kx_authors.name', 'title', 'price', 'details', 'ref', 'in_print', 'pages').orderBy('seq');
  assert.deepStrictEqual(books, [
    { name: 'Ann', title: 'One', price: '12.50', details: { tags: ['a'] }, ref: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', in_print: true, pages: 100 },
    { name: 'Ann', title: 'Two', price: null, details: null, ref: null, in_print: false, pages: 0 },
  ]);
  assert.deepStrictEqual(await knex('kx_books').where('details', '@>', JSON.stringify({ tags: ['a'] })).pluck('seq'), [1]);

  // A transaction that rolls back.
  await assert.rejects(knex.transaction(async (trx) => {
    await trx('kx_authors').insert({ email: 'gone@example.com', name: 'Gone' });
    throw new Error('roll back');
  }), /roll back/);
  assert.strictEqual((await knex('kx_authors').count('* as n'))[0].n, '1');

  // A nested transaction is a savepoint; the unique violation inside it.
  await knex.transaction(async (trx) => {
    await trx('kx_authors').insert({ email: 'bob@example.com', name: 'Bob' });
    await assert.rejects(trx.transaction(async (inner) => {
      await inner('kx_authors').insert({ email: 'ann@example.com', name: 'Ann again' });
    }), (e) => {
      assert.strictEqual(e.code, '23505');
      assert.strictEqual(e.constraint, 'kx_authors_email_unique');
      assert.match(e.message, /duplicate key value violates unique constraint "kx_authors_email_unique"$/);
      return true;
    });
  });
  assert.deepStrictEqual(await knex('kx_authors').orderBy('id').pluck('name'), ['Ann', 'Bob']);

  // The foreign key cascades.
  await knex('kx_authors').where({ id: ann.id }).del();
  assert.strictEqual((await knex('kx_books').count('* as n'))[0].n, '0');

  // Every migration down.
  await knex.migrate.rollback(undefined, true);
  assert.ok(!(await knex.schema.hasTable('kx_books')));
  assert.ok(!(await knex.schema.hasTable('kx_authors')));
  await knex.schema.dropTable('kx_migrations');
  await knex.schema.dropTable('kx_migrations_lock');
  await knex.destroy();
  console.log('knex ok');
}

main().catch(async (e) => { console.error(e); await knex.destroy(); process.exit(1); });
