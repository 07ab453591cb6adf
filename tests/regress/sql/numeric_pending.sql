--
-- numeric: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT factorial(5), factorial(0), factorial(20), factorial(25);
SELECT factorial(-1);
SELECT width_bucket(5.35, 0.024, 10.06, 5), width_bucket(-1, 0, 10, 5), width_bucket(11, 0, 10, 5);
SELECT width_bucket(5, 10, 10, 5);
