"""psycopg2 against the server: types, parameters, transactions, a
savepoint, a unique violation as psycopg2.errors.UniqueViolation, COPY in
both directions, and server-side cursors."""

import datetime
import io
import json

import psycopg2
import psycopg2.errors
import psycopg2.extras

from common import TYPED_COLUMNS, CREATE_TYPED, expected, check

psycopg2.extras.register_uuid()
conn = psycopg2.connect("")
cur = conn.cursor()
cur.execute("drop table if exists p2_types, p2_items")
cur.execute(CREATE_TYPED.format(name="p2_types"))
cur.execute("create table p2_items (id serial primary key, name text unique not null, doc jsonb)")
conn.commit()

# Every type, sent as parameters and read back.
names = [c[0] for c in TYPED_COLUMNS]
cur.execute("insert into p2_types (id, %s) values (1, %s)" % (
    ", ".join(names), ", ".join(["%s"] * len(names))), [c[2] for c in TYPED_COLUMNS])
cur.execute("insert into p2_types (id) values (2)")
conn.commit()
cur.execute("select %s from p2_types order by id" % ", ".join(names))
rows = cur.fetchall()
for col, got in zip(TYPED_COLUMNS, rows[0]):
    if col[0] == "c_bytea":
        got = bytes(got)
    check(col[0], got, expected(col))
check("nulls", rows[1], tuple([None] * len(names)))
check("description", [d.name for d in cur.description], names)

# json and jsonb through the extras adapter; RETURNING.
cur.execute("insert into p2_items (name, doc) values (%s, %s) returning id",
            ("first", psycopg2.extras.Json({"k": [1, 2, {"n": None}]})))
check("returning", cur.fetchone()[0], 1)
cur.execute("select doc, doc->'k'->>1, %s::json from p2_items", (json.dumps({"a": 1}),))
check("jsonb", cur.fetchone(), ({"k": [1, 2, {"n": None}]}, "2", {"a": 1}))
conn.commit()

# A transaction that rolls back.
cur.execute("insert into p2_items (name) values ('rolled back')")
conn.rollback()
cur.execute("select count(*) from p2_items where name = 'rolled back'")
check("rollback", cur.fetchone()[0], 0)

# A savepoint: the failed part is undone, the rest commits.
cur.execute("insert into p2_items (name) values ('kept')")
cur.execute("savepoint sp")
cur.execute("insert into p2_items (name) values ('undone')")
cur.execute("rollback to savepoint sp")
cur.execute("release savepoint sp")
conn.commit()
cur.execute("select name from p2_items order by id")
check("savepoint", [r[0] for r in cur.fetchall()], ["first", "kept"])

# A unique violation surfaces as the driver's own exception class.
try:
    cur.execute("insert into p2_items (name) values (%s)", ("first",))
    raise AssertionError("duplicate insert succeeded")
except psycopg2.errors.UniqueViolation as e:
    check("sqlstate", e.pgcode, "23505")
    check("constraint", e.diag.constraint_name, "p2_items_name_key")
    check("table", e.diag.table_name, "p2_items")
    check("message", e.diag.message_primary,
          'duplicate key value violates unique constraint "p2_items_name_key"')
    check("detail", e.diag.message_detail, "Key (name)=(first) already exists.")
conn.rollback()

# The transaction is aborted after an error until rollback.
try:
    cur.execute("select 1/0")
except psycopg2.errors.DivisionByZero:
    pass
try:
    cur.execute("select 1")
    raise AssertionError("statement ran in an aborted transaction")
except psycopg2.errors.InFailedSqlTransaction:
    pass
conn.rollback()

# executemany and execute_values.
cur.executemany("insert into p2_items (name) values (%s)", [("m%d" % i,) for i in range(5)])
psycopg2.extras.execute_values(cur, "insert into p2_items (name) values %s",
                               [("v%d" % i,) for i in range(5)])
conn.commit()
cur.execute("select count(*) from p2_items")
check("executemany", cur.fetchone()[0], 12)

# COPY in and out.
cur.copy_expert("copy p2_items (name, doc) from stdin",
                io.StringIO("copied one\t{\"x\": 1}\ncopied two\t\\N\n"))
buf = io.StringIO()
cur.copy_expert("copy (select name, doc from p2_items where name like 'copied%' order by id) to stdout with (format csv, header)", buf)
check("copy out", buf.getvalue(), 'name,doc\ncopied one,"{""x"": 1}"\ncopied two,\n')
conn.commit()

# Named (server-side) cursors: psycopg2 sends DECLARE and fetches each
# batch of itersize rows with FETCH FORWARD; scroll() sends MOVE.
with conn.cursor(name="p2_cursor") as named:
    named.itersize = 3
    named.execute("select g from generate_series(1, 10) g")
    check("server cursor", [r[0] for r in named], list(range(1, 11)))
conn.commit()
with conn.cursor(name="p2_scroll", scrollable=True) as named:
    named.execute("select id, name from p2_items order by id")
    first = named.fetchmany(2)
    named.scroll(0, mode="absolute")
    check("server cursor scroll", named.fetchmany(2), first)
    named.scroll(-1)
    check("server cursor scroll back", named.fetchone(), first[1])
conn.commit()
# WITH HOLD: the cursor outlives the commit.
with conn.cursor(name="p2_hold", withhold=True) as named:
    named.execute("select g from generate_series(1, 5) g")
    conn.commit()
    check("server cursor with hold", [r[0] for r in named.fetchall()], [1, 2, 3, 4, 5])
conn.commit()
try:
    with conn.cursor(name="p2_broken") as named:
        named.execute("select 1 from no_such_table")
    raise AssertionError("a cursor over a missing table was declared")
except psycopg2.errors.UndefinedTable:
    conn.rollback()

# Autocommit mode and a server-side setting.
conn.autocommit = True
cur.execute("set timezone = 'America/New_York'")
cur.execute("select %s::timestamptz", (datetime.datetime(2020, 6, 1, 12, tzinfo=datetime.timezone.utc),))
got = cur.fetchone()[0]
check("timezone", (got.hour, got.utcoffset()), (8, datetime.timedelta(hours=-4)))

cur.execute("drop table p2_types, p2_items")
conn.close()
print("psycopg2 ok")
