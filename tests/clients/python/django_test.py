"""Django against the server: migrate (the committed migrations of
djangoapp, and Django's own tables), inspectdb of the result, and the ORM:
every field type written and read back, atomic blocks that roll back, a
nested atomic block (a savepoint), a unique violation as
django.db.IntegrityError. Connects with the PG* environment variables."""

import datetime
import decimal
import io
import os
import sys
import uuid

import django
from django.conf import settings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
settings.configure(
    DATABASES={"default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["PGDATABASE"],
        "USER": os.environ["PGUSER"],
        "HOST": os.environ["PGHOST"],
        "PORT": os.environ["PGPORT"],
    }},
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "djangoapp"],
    USE_TZ=True,
    TIME_ZONE="UTC",
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import IntegrityError, connection, transaction  # noqa: E402

from djangoapp.models import Book, Publisher  # noqa: E402


def check(what, got, want):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


with connection.cursor() as c:
    c.execute("drop table if exists dj_book, dj_publisher, django_migrations, django_content_type,"
              " auth_permission, auth_group, auth_group_permissions, auth_user, auth_user_groups,"
              " auth_user_user_permissions cascade")

out = io.StringIO()
call_command("migrate", verbosity=1, stdout=out, interactive=False)
if "Applying djangoapp.0001_initial... OK" not in out.getvalue():
    raise AssertionError("migrate output:\n" + out.getvalue())
# A second migrate finds nothing to do, and the models match the schema.
out = io.StringIO()
call_command("migrate", verbosity=1, stdout=out, interactive=False)
if "No migrations to apply." not in out.getvalue():
    raise AssertionError("second migrate output:\n" + out.getvalue())

# inspectdb reads the tables back into models.
out = io.StringIO()
call_command("inspectdb", "dj_publisher", "dj_book", stdout=out)
models_src = out.getvalue()
for want in [
    "class DjPublisher(models.Model):",
    "name = models.CharField(unique=True, max_length=80)",
    "founded = models.DateField(blank=True, null=True)",
    "class DjBook(models.Model):",
    "publisher = models.ForeignKey(DjPublisher, models.DO_NOTHING)",
    "title = models.CharField(max_length=200)",
    "isbn = models.CharField(unique=True, max_length=13)",
    "pages = models.IntegerField()",
    "price = models.DecimalField(max_digits=8, decimal_places=2, blank=True, null=True)",
    "rating = models.FloatField(blank=True, null=True)",
    "in_print = models.BooleanField()",
    "published_at = models.DateTimeField(blank=True, null=True)",
    "read_time = models.DurationField(blank=True, null=True)",
    "ref = models.UUIDField()",
    "meta = models.JSONField()",
    "cover = models.BinaryField(blank=True, null=True)",
    "big = models.BigIntegerField()",
    "small = models.SmallIntegerField()",
    "summary = models.TextField()",
    "db_table = 'dj_book'",
    "unique_together = (('publisher', 'title'),)",
]:
    if want not in models_src:
        raise AssertionError("inspectdb lacks %r:\n%s" % (want, models_src))

# Introspection of constraints and indexes, as migrations use it.
with connection.cursor() as c:
    cons = connection.introspection.get_constraints(c, "dj_book")
idx = cons.get("dj_book_pages_title_idx")
check("index", (idx and idx["columns"], idx and idx["index"]), (["pages", "title"], True))
fks = [v["foreign_key"] for v in cons.values() if v["foreign_key"]]
check("foreign key", fks, [("dj_publisher", "id")])
check("primary key", [v["columns"] for v in cons.values() if v["primary_key"]], [["id"]])

# Every field type through the ORM.
ref = uuid.UUID("12345678-1234-5678-1234-567812345678")
pub = Publisher.objects.create(name="Acme", founded=datetime.date(1999, 12, 31))
Book.objects.create(
    publisher=pub, title="Types", isbn="9780000000001", pages=321, price=decimal.Decimal("19.99"),
    rating=4.5, in_print=False, published_at=datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
    read_time=datetime.timedelta(hours=2, minutes=30), ref=ref, meta={"tags": ["a", "b"], "n": 1},
    cover=b"\x00\xff", big=2**40, small=-7, summary="long text")
b = Book.objects.select_related("publisher").get(isbn="9780000000001")
check("fields", (b.publisher.name, b.title, b.pages, b.price, b.rating, b.in_print, b.published_at,
                 b.read_time, b.ref, b.meta, bytes(b.cover), b.big, b.small, b.summary),
      ("Acme", "Types", 321, decimal.Decimal("19.99"), 4.5, False,
       datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
       datetime.timedelta(hours=2, minutes=30), ref, {"tags": ["a", "b"], "n": 1}, b"\x00\xff",
       2**40, -7, "long text"))
check("json lookup", Book.objects.filter(meta__tags__contains=["a"]).count(), 1)
check("json key", Book.objects.filter(meta__n=1).count(), 1)

# An atomic block that rolls back.
try:
    with transaction.atomic():
        Publisher.objects.create(name="Gone")
        raise RuntimeError("roll back")
except RuntimeError:
    pass
check("rollback", Publisher.objects.filter(name="Gone").exists(), False)

# A nested atomic block is a savepoint; a unique violation inside it.
with transaction.atomic():
    Publisher.objects.create(name="Kept")
    try:
        with transaction.atomic():
            Publisher.objects.create(name="Acme")
        raise AssertionError("duplicate name accepted")
    except IntegrityError as e:
        check("sqlstate", e.__cause__.pgcode, "23505")
        check("message", str(e).splitlines()[0],
              'duplicate key value violates unique constraint "dj_publisher_name_key"')
check("savepoint", sorted(Publisher.objects.values_list("name", flat=True)), ["Acme", "Kept"])

# The unique pair (unique_together) and cascading deletion in Python.
try:
    with transaction.atomic():
        Book.objects.create(publisher=pub, title="Types", isbn="9780000000002")
    raise AssertionError("duplicate (publisher, title) accepted")
except IntegrityError:
    pass
pub.delete()
check("cascade", Book.objects.count(), 0)

# Aggregates and bulk operations.
Publisher.objects.bulk_create([Publisher(name="p%d" % i) for i in range(5)])
check("bulk", Publisher.objects.filter(name__startswith="p").count(), 5)

# Unapply every migration: the DROPs Django generates.
call_command("migrate", "djangoapp", "zero", verbosity=0, interactive=False)
check("tables after zero", [t for t in connection.introspection.table_names() if t.startswith("dj_")], [])
call_command("migrate", "auth", "zero", verbosity=0, interactive=False)
call_command("migrate", "contenttypes", "zero", verbosity=0, interactive=False)
with connection.cursor() as c:
    c.execute("drop table django_migrations")
print("django ok")
