// The first knex migration of the client test: authors with a unique
// email and a check, and books with a composite primary key, a foreign key
// that cascades, a unique pair and an index.

exports.up = async (knex) => {
  await knex.schema.createTable('kx_authors', (t) => {
    t.increments('id');
    t.string('email', 100).notNullable().unique();
    t.text('name').notNullable();
    t.date('born');
    t.timestamps(true, true);
  });
  await knex.schema.createTable('kx_books', (t) => {
    t.integer('author_id').notNullable().references('id').inTable('kx_authors').onDelete('CASCADE');
    t.smallint('seq').notNullable();
    t.string('title', 200).notNullable().defaultTo('untitled');
    t.decimal('price', 8, 2);
    t.jsonb('meta');
    t.uuid('ref');
    t.boolean('in_print').defaultTo(true);
    t.primary(['author_id', 'seq']);
    t.unique(['author_id', 'title']);
    t.index(['price'], 'kx_books_price_idx');
  });
};

exports.down = async (knex) => {
  await knex.schema.dropTable('kx_books');
  await knex.schema.dropTable('kx_authors');
};
