--
-- float4 and float8 output: shortest exact representation, exponent
-- switch points, rounding in arithmetic, extra_float_digits
--
SELECT v::float8 FROM (VALUES ('0'), ('1'), ('-1'), ('0.1'), ('0.5'), ('1.5'), ('100'), ('1e15'), ('1e16'), ('1e17'), ('123456789012345678'), ('1e-4'), ('1e-5'), ('0.000123'), ('1.7976931348623157e308'), ('5e-324'), ('2.2250738585072014e-308')) t(v);
SELECT v::float4 FROM (VALUES ('0'), ('1'), ('-1'), ('0.1'), ('0.5'), ('1.5'), ('100'), ('1e6'), ('1e7'), ('12345678'), ('1e-4'), ('1e-5'), ('3.4028235e38'), ('1.4e-45'), ('1.17549435e-38')) t(v);
SELECT 0.1::float8 + 0.2::float8, 0.3::float8, 1.1::float8 * 1.1::float8, 3.0::float8 / 10, 9007199254740993::float8;
SELECT 0.1::float4 + 0.2::float4, 1.1::float4 * 1.1::float4, 16777217::float4, 1::float4 / 3;
SELECT 1::float8 / 3 * 3, 2::float8 / 3, 100::float8 / 7, 1e-10::float8 / 3, 1e300::float8 / 7;
SELECT 2::float8 ^ 52, 2::float8 ^ 53, 2::float8 ^ 53 + 1, 2::float8 ^ 64, 2::float8 ^ -20;
SELECT 10::float8 ^ 15, 10::float8 ^ 16, 10::float8 ^ -4, 10::float8 ^ -5, 10::float8 ^ 308;
SELECT sqrt(2::float8), sqrt(3::float8), exp(1::float8), ln(2::float8), pi()::float8, pi()::float4;
SELECT sqrt(2::float4), pg_typeof(sqrt(2::float4)), abs(-1.5::float4), pg_typeof(abs(-1.5::float4));
SELECT round(2.675::float8, 0), round(2.5::float8), round(-2.5::float8), round(0.5::float8), round(1.5::float8), round(2.675::float8::numeric, 2);
SELECT 1.005::float8::numeric(4,2), 2.675::float8::numeric(4,2), 0.1::float4::float8::numeric;
SELECT 123.456::float8::text, 123.456::float4::text, 1e-7::float8::text, 1e21::float8::text, (-0.0)::float8::text;
SET extra_float_digits = 0;
SELECT v::float8 FROM (VALUES ('0.1'), ('1e15'), ('1e16'), ('0.000123'), ('1.7976931348623157e308'), ('1.23456789012345678')) t(v);
SELECT v::float4 FROM (VALUES ('0.1'), ('1e6'), ('1e7'), ('1.23456789')) t(v);
SELECT 0.1::float8 + 0.2::float8, 1::float8 / 3, 2::float8 / 3;
SET extra_float_digits = 1;
SELECT 0.1::float8 + 0.2::float8, 1::float8 / 3, 0.1::float4;
SET extra_float_digits = 2;
SELECT 0.1::float8 + 0.2::float8, 1::float8 / 3, 0.1::float4;
SET extra_float_digits = -15;
SELECT 1::float8 / 3, 123456.789::float8, 0.1::float4, 1e100::float8;
SET extra_float_digits = 4;
SET extra_float_digits = -16;
RESET extra_float_digits;
SELECT x, x::float4, x::float8, x::float8::float4 FROM (VALUES (0.1), (1e-40), (1e39), (16777217)) v(x) WHERE x < 1e30;
SELECT sum(0.1::float8) FROM generate_series(1, 10);
SELECT sum(0.1::float4) FROM generate_series(1, 10);
SELECT avg(x::float8), sum(x::float8) FROM generate_series(1, 100) x;
SELECT max(x), min(x) FROM (VALUES (1.5::float8), ('NaN'), ('-Infinity'), (2)) v(x);
SELECT x FROM (VALUES (1.5::float8), ('NaN'), ('-Infinity'), (2), ('Infinity'), (-0.0), (0.0)) v(x) ORDER BY x;
SELECT count(DISTINCT x) FROM (VALUES (0.0::float8), (-0.0), ('NaN'), ('NaN')) v(x);
SELECT x::float8 = 0.1 + 0.2, x::numeric = 0.1 + 0.2 FROM (VALUES (0.3)) v(x);
-- the shortest decimal that reads back, never one exactly halfway to a neighbouring value
SELECT 1e23::float8, 1e23::numeric::float8, float8 '1e23';
SELECT v, v::float8 FROM unnest(array['95e20','97e20','99e20','19e21','21e21','25e21','5e22','7e22','1e23','14e22','2e23','28e22','8e23','16e23','56e22','-1e23','1e22','9007199254740993','1.5','-0.000123','123.456','1e-5','1e15','1e16','123456789012345678']) v ORDER BY 1;
SELECT v, v::float4 FROM unnest(array['1e10','3e10','5e10','7e10','1.1e11','3e12','33554433','16777217','1e7','2.5e9','4.5e15','-6e10','1.5','1e-5','123456']) v ORDER BY 1;
SELECT 1e23::float8::text, (-1e23)::float8, 1e23::float4, 1e23::float8::float4;
SET extra_float_digits = 0;
SELECT 1e23::float8, 95e20::float8;
RESET extra_float_digits;
