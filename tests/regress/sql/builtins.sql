
-- without the logging collector: a WARNING and false
SELECT pg_rotate_logfile();
