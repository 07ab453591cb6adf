"""asyncpg against the server. asyncpg speaks the binary format for every
type it knows, prepares every statement, and introspects unknown types
through pg_type queries, so it exercises the extended protocol and binary
send/receive functions: types, transactions, a savepoint, a unique
violation as asyncpg.UniqueViolationError, COPY in and out, and executemany."""

import asyncio
import datetime
import io

import asyncpg

from common import TYPED_COLUMNS, CREATE_TYPED, expected, check, known_gap


async def main():
    conn = await asyncpg.connect()
    await conn.execute("drop table if exists ap_types, ap_items")
    await conn.execute(CREATE_TYPED.format(name="ap_types"))
    await conn.execute("create table ap_items (id serial primary key, name text unique not null, n int)")

    # Every type, as binary parameters and binary results.
    names = [c[0] for c in TYPED_COLUMNS]
    params = ", ".join("$%d" % (i + 2) for i in range(len(names)))
    await conn.execute("insert into ap_types (id, %s) values ($1, %s)" % (", ".join(names), params),
                       1, *[c[2] for c in TYPED_COLUMNS])
    await conn.execute("insert into ap_types (id) values (2)")
    rows = await conn.fetch("select %s from ap_types order by id" % ", ".join(names))
    for col in TYPED_COLUMNS:
        check(col[0], rows[0][col[0]], expected(col))
        check(col[0] + " null", rows[1][col[0]], None)

    # A prepared statement reused with different parameters.
    stmt = await conn.prepare("select $1::int + $2::int, $3::text || 'x'")
    check("prepared 1", tuple(await stmt.fetchrow(1, 2, "a")), (3, "ax"))
    check("prepared 2", tuple(await stmt.fetchrow(10, 20, "b")), (30, "bx"))
    check("prepared types", [a.name for a in stmt.get_parameters()], ["int4", "int4", "text"])

    # executemany (a pipeline of Bind/Execute).
    await conn.executemany("insert into ap_items (name, n) values ($1, $2)",
                           [("item%d" % i, i) for i in range(10)])
    check("executemany", await conn.fetchval("select sum(n) from ap_items"), 45)

    # A transaction that rolls back.
    try:
        async with conn.transaction():
            await conn.execute("insert into ap_items (name) values ('rolled back')")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    check("rollback", await conn.fetchval("select count(*) from ap_items where name = 'rolled back'"), 0)

    # A nested transaction is a savepoint.
    async with conn.transaction():
        await conn.execute("insert into ap_items (name) values ('outer')")
        try:
            async with conn.transaction():
                await conn.execute("insert into ap_items (name) values ('inner')")
                await conn.execute("insert into ap_items (name) values ('item1')")
        except asyncpg.UniqueViolationError as e:
            check("sqlstate", e.sqlstate, "23505")
            check("constraint", e.constraint_name, "ap_items_name_key")
            check("detail", e.detail, "Key (name)=(item1) already exists.")
    check("savepoint", await conn.fetchval(
        "select string_agg(name, ',' order by id) from ap_items where name in ('outer', 'inner')"), "outer")

    # A unique violation outside a transaction.
    try:
        await conn.execute("insert into ap_items (name) values ($1)", "item2")
        raise AssertionError("duplicate insert succeeded")
    except asyncpg.UniqueViolationError as e:
        check("message", e.message, 'duplicate key value violates unique constraint "ap_items_name_key"')
        check("table", e.table_name, "ap_items")

    # COPY: records in (binary COPY), a query out (text).
    await conn.copy_records_to_table("ap_items", records=[("copied%d" % i, i) for i in range(3)],
                                     columns=["name", "n"])
    buf = io.BytesIO()
    await conn.copy_from_query("select name, n from ap_items where name like 'copied%' order by n", output=buf)
    check("copy out", buf.getvalue(), b"copied0\t0\ncopied1\t1\ncopied2\t2\n")
    # And a text COPY in from a file-like source.
    await conn.copy_to_table("ap_items", source=io.BytesIO(b"text1\t100\ntext2\t200\n"), columns=["name", "n"])
    check("copy in", await conn.fetchval("select sum(n) from ap_items where name like 'text%'"), 300)

    # A cursor inside a transaction (asyncpg uses portals, not DECLARE).
    async with conn.transaction():
        got = [r[0] async for r in conn.cursor("select g from generate_series(1, 7) g", prefetch=2)]
        check("cursor", got, list(range(1, 8)))

    # Set-returning results, intervals and a timezone round trip.
    await conn.execute("set timezone = 'Europe/Paris'")
    ts = await conn.fetchval("select '2021-07-01 12:00:00+00'::timestamptz")
    check("timestamptz", ts, datetime.datetime(2021, 7, 1, 12, tzinfo=datetime.timezone.utc))
    check("text of tz", await conn.fetchval("select '2021-07-01 12:00:00+00'::timestamptz::text"),
          "2021-07-01 14:00:00+02")

    await conn.execute("drop table ap_types, ap_items")
    await conn.close()
    print("asyncpg ok")


asyncio.run(main())
