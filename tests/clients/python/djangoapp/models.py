"""The models of the Django client test: keys, a unique pair, an index and
the common field types, so that migrate issues the DDL Django generates for
PostgreSQL and inspectdb reads it back from the catalogs."""

import uuid

from django.db import models


class Publisher(models.Model):
    name = models.CharField(max_length=80, unique=True)
    founded = models.DateField(null=True)

    class Meta:
        db_table = "dj_publisher"


class Book(models.Model):
    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="books")
    title = models.CharField(max_length=200)
    isbn = models.CharField(max_length=13, unique=True)
    pages = models.IntegerField(default=0)
    price = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    rating = models.FloatField(null=True)
    in_print = models.BooleanField(default=True)
    published_at = models.DateTimeField(null=True)
    read_time = models.DurationField(null=True)
    ref = models.UUIDField(default=uuid.uuid4)
    meta = models.JSONField(default=dict)
    cover = models.BinaryField(null=True)
    big = models.BigIntegerField(default=0)
    small = models.SmallIntegerField(default=0)
    summary = models.TextField(blank=True)

    class Meta:
        db_table = "dj_book"
        unique_together = [("publisher", "title")]
        indexes = [models.Index(fields=["pages", "title"], name="dj_book_pages_title_idx")]
