--
-- numeric: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
SELECT factorial(5), factorial(0), factorial(20), factorial(25);
SELECT factorial(-1);
SELECT width_bucket(5.35, 0.024, 10.06, 5), width_bucket(-1, 0, 10, 5), width_bucket(11, 0, 10, 5);
SELECT width_bucket(5, 10, 10, 5);
SELECT to_char(1234.5678, '9999.99'), to_char(-0.5, '990.00'), to_char(1234567.891, '9,999,999.99');
SELECT to_char(12, '000'), to_char(3.14159, 'FM999.9999'), to_char(-12.5, 'S999.9'), to_char(1e6, '9.99EEEE');
SELECT to_number('1,234.56', '9,999.99'), to_number('-12.5', 'S99.9');
