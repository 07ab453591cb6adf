-- LISTEN, UNLISTEN and NOTIFY within one session. The session never
-- listens to a channel it notifies when the notification commits: psql
-- would print the sender's PID, which differs from run to run (the
-- delivery between sessions is tested in test/integration).

-- Nothing listened to at the start; the queue is empty.
SELECT * FROM pg_listening_channels();
SELECT pg_notification_queue_usage();

-- LISTEN takes effect at commit, in order, once per channel.
LISTEN alpha;
LISTEN beta;
LISTEN alpha;
SELECT * FROM pg_listening_channels();
BEGIN;
LISTEN gamma;
SELECT * FROM pg_listening_channels();
COMMIT;
SELECT * FROM pg_listening_channels();
BEGIN;
LISTEN delta;
UNLISTEN alpha;
ROLLBACK;
SELECT * FROM pg_listening_channels();

-- Savepoints: what a rolled-back savepoint did is forgotten.
BEGIN;
LISTEN delta;
SAVEPOINT s1;
LISTEN epsilon;
UNLISTEN beta;
ROLLBACK TO s1;
SAVEPOINT s2;
UNLISTEN gamma;
RELEASE s2;
COMMIT;
SELECT * FROM pg_listening_channels();

-- UNLISTEN of a channel not listened to is no error.
UNLISTEN nothing_here;
UNLISTEN beta;
SELECT * FROM pg_listening_channels();
BEGIN;
UNLISTEN *;
LISTEN zeta;
COMMIT;
SELECT * FROM pg_listening_channels();
UNLISTEN *;
SELECT * FROM pg_listening_channels();

-- DISCARD ALL includes UNLISTEN *.
LISTEN eta;
LISTEN theta;
DISCARD ALL;
SELECT * FROM pg_listening_channels();

-- NOTIFY of channels nobody listens to: nothing arrives.
LISTEN listened;
NOTIFY other;
NOTIFY other, 'with payload';
SELECT pg_notify('other', 'from a function');
SELECT pg_notify('other', NULL);
SELECT pg_notify('other', g::text) FROM generate_series(1, 3) g;
BEGIN;
NOTIFY listened, 'rolled back';
SELECT pg_notify('listened', 'rolled back too');
ROLLBACK;
BEGIN;
SAVEPOINT s;
NOTIFY listened, 'savepoint rolled back';
ROLLBACK TO s;
COMMIT;
BEGIN READ ONLY;
NOTIFY other, 'read-only transactions may notify';
COMMIT;
UNLISTEN *;

-- Channel names are identifiers, truncated to 63 bytes.
LISTEN a_channel_name_that_is_much_longer_than_sixty_three_bytes_in_total_length;
SELECT * FROM pg_listening_channels();
UNLISTEN *;
NOTIFY "Mixed Case";
NOTIFY "";

-- pg_notify checks what the grammar cannot.
SELECT pg_notify('', 'x');
SELECT pg_notify(NULL, 'x');
SELECT pg_notify(repeat('c', 63), 'x');
SELECT pg_notify(repeat('c', 64), 'x');
SELECT pg_notify('other', repeat('p', 7999));
SELECT pg_notify('other', repeat('p', 8000));
SELECT pg_notify('other', repeat('é', 4000));
NOTIFY other, 'quotes '' in a payload';
\set VERBOSITY sqlstate
SELECT pg_notify('', 'x');
SELECT pg_notify(repeat('c', 64), 'x');
SELECT pg_notify('other', repeat('p', 8000));
\set VERBOSITY default

-- The functions as the catalog describes them.
SELECT proname, provolatile, proisstrict, proretset, prorettype::regtype, pronargs
  FROM pg_proc
 WHERE proname IN ('pg_notify', 'pg_listening_channels', 'pg_notification_queue_usage')
 ORDER BY proname;
SELECT pg_notification_queue_usage();
