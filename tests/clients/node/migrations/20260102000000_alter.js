// The second knex migration: ALTER TABLE adding, renaming and changing
// columns, which knex does with several statements in one transaction.

exports.up = async (knex) => {
  await knex.schema.alterTable('kx_books', (t) => {
    t.integer('pages').notNullable().defaultTo(0);
    t.renameColumn('meta', 'details');
  });
  await knex.schema.alterTable('kx_authors', (t) => {
    t.string('name', 120).notNullable().alter();
  });
};

exports.down = async (knex) => {
  await knex.schema.alterTable('kx_authors', (t) => {
    t.text('name').notNullable().alter();
  });
  await knex.schema.alterTable('kx_books', (t) => {
    t.renameColumn('details', 'meta');
    t.dropColumn('pages');
  });
};
