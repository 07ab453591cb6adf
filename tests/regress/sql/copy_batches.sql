-- COPY FROM over many rows (gpostgres reads and converts them in
-- batches ahead of their insertion): the rows, and the line an error
-- names, whether the error is met reading a value or storing a row.
CREATE TABLE cb (a int NOT NULL, b text, c numeric CHECK (c >= 0));
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 3000; i++) print i "\tv" i "\t" i / 4 }''';
SELECT count(*), sum(a), sum(c), min(b), max(b) FROM cb;
TRUNCATE cb;
-- A value that does not convert, in a late batch.
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 1000; i++) print i "\tv" i "\t1"; print "x\tbad\t1" }''';
-- A NULL where NOT NULL, and a CHECK that fails, met as rows are stored.
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 1000; i++) print (i == 700 ? "\\N" : i) "\tv" i "\t1" }''';
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 1000; i++) print i "\tv" i "\t" (i == 801 ? -1 : 1) }''';
-- Too many columns on a late line, and a missing one.
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 600; i++) print i "\tv" i "\t1" (i == 599 ? "\textra" : "") }''';
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 600; i++) print i "\tv" i (i == 513 ? "" : "\t1") }''';
SELECT count(*) FROM cb;
-- A duplicate key, found when the row's index entry goes in.
ALTER TABLE cb ADD PRIMARY KEY (a);
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 1000; i++) print (i == 900 ? 17 : i) "\tv" i "\t1" }''';
SELECT count(*) FROM cb;
-- CSV with quoted fields holding delimiters and newlines.
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 700; i++) print i ",\"v," i "\n\"\"x\"\"\"," i }''' (FORMAT csv);
SELECT count(*), sum(length(b)), min(b) FROM cb;
SELECT b FROM cb WHERE a = 700;
-- The line an error names counts the newlines inside quotes.
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 700; i++) print (i == 650 ? "y" : i) ",\"v," i "\n\"\"x\"\"\"," i }''' (FORMAT csv);
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 700; i++) print (i == 660 ? 5 : i + 1000) ",\"v," i "\n\"\"x\"\"\"," i }''' (FORMAT csv);
-- WHERE keeps some rows.
TRUNCATE cb;
COPY cb FROM PROGRAM 'awk ''BEGIN { for (i = 1; i <= 2000; i++) print i "\tv" i "\t" i % 7 }''' WHERE c = 3;
SELECT count(*), min(a), max(a) FROM cb;
DROP TABLE cb;
