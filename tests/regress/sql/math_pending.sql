--
-- math: statements where gpostgres differs from PostgreSQL today
-- (each is listed under "Known failures" in ../README.md)
--
CREATE TABLE math_t (id int, n numeric, f float8, i int);
INSERT INTO math_t VALUES (1, 2.5, 2.5, 2), (2, -1.5, -1.5, -1), (3, 0, 0, 0), (4, 100.125, 100.125, 100), (5, NULL, NULL, NULL);
SELECT sind(30), cosd(60), tand(45), asind(0.5), acosd(0.5), atand(1), atan2d(1, 1), cotd(45);
SELECT sinh(0), cosh(0), tanh(0), asinh(0), acosh(1), atanh(0);
SELECT cot(1), round(cot(pi()/4)::numeric, 10);
SELECT width_bucket(5.35::float8, 0.024, 10.06, 5), width_bucket(10::float8, 0, 10, 5), width_bucket(0::float8, 0, 10, 5);
SELECT setseed(0.5);
SELECT setseed(2);
DROP TABLE math_t;
