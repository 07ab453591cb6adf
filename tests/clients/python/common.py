"""Shared pieces of the Python client scripts: the table of values every
script writes and reads back, and a small check helper.

The scripts connect with the libpq environment variables (PGHOST, PGPORT,
PGUSER, PGDATABASE) that the Go harness sets, so the same script runs against
gpostgres and against a reference PostgreSQL 15."""

import datetime
import decimal
import ipaddress
import os
import uuid

# Column name, SQL type, a Python value to send as a parameter, and the value
# the driver is expected to hand back (None: the same as the value sent).
TYPED_COLUMNS = [
    ("c_int2", "int2", 32767, None),
    ("c_int4", "int4", -2147483648, None),
    ("c_int8", "int8", 9223372036854775807, None),
    ("c_numeric", "numeric(20,5)", decimal.Decimal("12345.67891"), None),
    ("c_float4", "float4", 1.5, None),
    ("c_float8", "float8", -2.25e100, None),
    ("c_bool", "bool", True, None),
    ("c_text", "text", "héllo, 'quoted' \"world\"", None),
    ("c_varchar", "varchar(10)", "short", None),
    ("c_char", "char(4)", "ab", "ab  "),
    ("c_bytea", "bytea", b"\x00\x01\xfe\xff", None),
    ("c_date", "date", datetime.date(2024, 2, 29), None),
    ("c_time", "time", datetime.time(23, 59, 58, 123456), None),
    ("c_timestamp", "timestamp", datetime.datetime(2001, 2, 3, 4, 5, 6, 789000), None),
    ("c_timestamptz", "timestamptz",
     datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc), None),
    ("c_interval", "interval", datetime.timedelta(days=3, hours=4, seconds=5), None),
    ("c_uuid", "uuid", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), None),
    ("c_int_array", "int4[]", [1, 2, 3], None),
    ("c_text_array", "text[]", ["a", "b c", "d,e"], None),
]

CREATE_TYPED = "create table {name} (id int primary key, " + ", ".join(
    "%s %s" % (c[0], c[1]) for c in TYPED_COLUMNS) + ")"


def expected(column):
    return column[2] if column[3] is None else column[3]


def check(what, got, want):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


def known_gap(name):
    """Whether the harness declared feature name as one gpostgres lacks yet
    (GPOSTGRES_KNOWN_GAPS, comma-separated). A script then checks that the
    server refuses the feature with 0A000 instead of exercising it, so the
    test fails, and the gap must be removed from the list, once it lands."""
    return name in os.environ.get("GPOSTGRES_KNOWN_GAPS", "").split(",")
