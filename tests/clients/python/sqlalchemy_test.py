"""SQLAlchemy (psycopg2 dialect) against the server: a schema with primary,
foreign and unique keys, a check constraint and indexes created through the
ORM's metadata, then reflected back from the catalogs (the queries
SQLAlchemy's PostgreSQL dialect sends to pg_class, pg_attribute,
pg_constraint, pg_index...), plus an ORM session that rolls back, a
savepoint and a unique violation as sqlalchemy.exc.IntegrityError."""

import os
import warnings

import sqlalchemy as sa
from sqlalchemy import orm

url = sa.engine.URL.create(
    "postgresql+psycopg2",
    username=os.environ["PGUSER"],
    database=os.environ["PGDATABASE"],
    query={"host": os.environ["PGHOST"], "port": os.environ["PGPORT"]},
)
warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
engine = sa.create_engine(url, future=True)

md = sa.MetaData()
authors = sa.Table(
    "sa_authors", md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(100), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("born", sa.Date),
    sa.CheckConstraint("length(name) > 0", name="sa_authors_name_nonempty"),
)
books = sa.Table(
    "sa_books", md,
    sa.Column("author_id", sa.Integer, sa.ForeignKey("sa_authors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("seq", sa.SmallInteger, primary_key=True),
    sa.Column("title", sa.String(200), nullable=False, server_default="untitled"),
    sa.Column("price", sa.Numeric(8, 2)),
    sa.Column("tags", sa.ARRAY(sa.Text)),
    sa.UniqueConstraint("author_id", "title", name="sa_books_author_title"),
    sa.Index("sa_books_price_idx", "price"),
    sa.Index("sa_books_lower_title_idx", sa.text("lower(title)")),
)


def check(what, got, want):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


with engine.begin() as c:
    c.execute(sa.text("drop table if exists sa_books, sa_authors"))
md.create_all(engine)

insp = sa.inspect(engine)
check("tables", sorted(t for t in insp.get_table_names() if t.startswith("sa_")), ["sa_authors", "sa_books"])

cols = {c["name"]: c for c in insp.get_columns("sa_books")}
check("columns", list(cols), ["author_id", "seq", "title", "price", "tags"])
check("title type", (type(cols["title"]["type"]).__name__, cols["title"]["type"].length), ("VARCHAR", 200))
check("price type", (cols["price"]["type"].precision, cols["price"]["type"].scale), (8, 2))
check("seq type", type(cols["seq"]["type"]).__name__, "SMALLINT")
check("tags type", type(cols["tags"]["type"]).__name__, "ARRAY")
check("title default", cols["title"]["default"], "'untitled'::character varying")
check("title nullable", cols["title"]["nullable"], False)
check("price nullable", cols["price"]["nullable"], True)
acols = {c["name"]: c for c in insp.get_columns("sa_authors")}
check("serial default", acols["id"]["default"], "nextval('sa_authors_id_seq'::regclass)")

pk = insp.get_pk_constraint("sa_books")
check("pk", (pk["name"], pk["constrained_columns"]), ("sa_books_pkey", ["author_id", "seq"]))
fks = insp.get_foreign_keys("sa_books")
check("fk count", len(fks), 1)
fk = fks[0]
check("fk", (fk["name"], fk["constrained_columns"], fk["referred_table"], fk["referred_columns"],
             fk["options"].get("ondelete")),
      ("sa_books_author_id_fkey", ["author_id"], "sa_authors", ["id"], "CASCADE"))
check("unique", [(u["name"], u["column_names"]) for u in insp.get_unique_constraints("sa_books")],
      [("sa_books_author_title", ["author_id", "title"])])
check("authors unique", [(u["name"], u["column_names"]) for u in insp.get_unique_constraints("sa_authors")],
      [("sa_authors_email_key", ["email"])])
idx = sorted((i["name"], i["column_names"], i["unique"]) for i in insp.get_indexes("sa_books"))
# SQLAlchemy 1.4 lists a unique constraint's index too, and skips (with a
# warning) the expression index, which it cannot represent.
check("indexes", idx, [("sa_books_author_title", ["author_id", "title"], True),
                       ("sa_books_price_idx", ["price"], False)])
check("checks", [(k["name"], k["sqltext"]) for k in insp.get_check_constraints("sa_authors")],
      [("sa_authors_name_nonempty", "length(name) > 0")])

# Reflect into a new MetaData and compare with what was declared.
md2 = sa.MetaData()
md2.reflect(engine, only=["sa_authors", "sa_books"])
rb = md2.tables["sa_books"]
check("reflected pk", [c.name for c in rb.primary_key.columns], ["author_id", "seq"])
check("reflected fk target", [f.target_fullname for f in rb.foreign_keys], ["sa_authors.id"])


# The ORM on the reflected tables.
Base = orm.declarative_base()


class Author(Base):
    __table__ = md2.tables["sa_authors"]


class Book(Base):
    __table__ = md2.tables["sa_books"]


with orm.Session(engine) as s:
    a = Author(email="ann@example.com", name="Ann")
    s.add(a)
    s.flush()
    s.add(Book(author_id=a.id, seq=1, title="First", price=12.5, tags=["x", "y"]))
    s.commit()

    # A savepoint (begin_nested) that rolls back.
    s.begin_nested()
    s.add(Book(author_id=a.id, seq=2, title="Second"))
    s.flush()
    s.rollback()
    s.commit()
    check("savepoint", s.scalar(sa.select(sa.func.count()).select_from(Book)), 1)

    # A unique violation.
    s.add(Author(email="ann@example.com", name="Ann again"))
    try:
        s.commit()
        raise AssertionError("duplicate email accepted")
    except sa.exc.IntegrityError as e:
        check("sqlstate", e.orig.pgcode, "23505")
        check("constraint", e.orig.diag.constraint_name, "sa_authors_email_key")
    s.rollback()

    b = s.scalars(sa.select(Book)).one()
    check("book", (b.title, float(b.price), b.tags), ("First", 12.5, ["x", "y"]))
    # ON DELETE CASCADE through the reflected key.
    s.delete(s.get(Author, a.id))
    s.commit()
    check("cascade", s.scalar(sa.select(sa.func.count()).select_from(Book)), 0)

md.drop_all(engine)
print("sqlalchemy ok")
