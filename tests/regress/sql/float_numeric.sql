--
-- float4 and float8 converted to numeric (PostgreSQL keeps 15 and 6
-- significant digits), to numeric(p,s), to text and back, to int8
--
SELECT (1/3::float8)::numeric, (1/3::float8)::numeric(30,10), (1/3::float8)::text, round((1/3::float8)::numeric, 5);
SELECT (1/3::float8)::numeric::float8 = (1/3::float8)::float8, ((1/3::float8)::float8)::int8 IS NULL;
SELECT (2/3::float8)::numeric, (2/3::float8)::numeric(30,10), (2/3::float8)::text, round((2/3::float8)::numeric, 5);
SELECT (2/3::float8)::numeric::float8 = (2/3::float8)::float8, ((2/3::float8)::float8)::int8 IS NULL;
SELECT (0.1::float8)::numeric, (0.1::float8)::numeric(30,10), (0.1::float8)::text, round((0.1::float8)::numeric, 5);
SELECT (0.1::float8)::numeric::float8 = (0.1::float8)::float8, ((0.1::float8)::float8)::int8 IS NULL;
SELECT (1e-20::float8)::numeric, (1e-20::float8)::numeric(30,10), (1e-20::float8)::text, round((1e-20::float8)::numeric, 5);
SELECT (1e-20::float8)::numeric::float8 = (1e-20::float8)::float8, ((1e-20::float8)::float8)::int8 IS NULL;
SELECT (1.23456789012345678e20::float8)::numeric, (1.23456789012345678e20::float8)::numeric(30,10), (1.23456789012345678e20::float8)::text, round((1.23456789012345678e20::float8)::numeric, 5);
SELECT (1.23456789012345678e20::float8)::numeric::float8 = (1.23456789012345678e20::float8)::float8, ((1.23456789012345678e20::float8)::float8)::int8 IS NULL;
SELECT (123456789012345.678::float8)::numeric, (123456789012345.678::float8)::numeric(30,10), (123456789012345.678::float8)::text, round((123456789012345.678::float8)::numeric, 5);
SELECT (123456789012345.678::float8)::numeric::float8 = (123456789012345.678::float8)::float8, ((123456789012345.678::float8)::float8)::int8 IS NULL;
SELECT (1e15::float8 + 0.3)::numeric, (1e15::float8 + 0.3)::numeric(30,10), (1e15::float8 + 0.3)::text, round((1e15::float8 + 0.3)::numeric, 5);
SELECT (1e15::float8 + 0.3)::numeric::float8 = (1e15::float8 + 0.3)::float8, ((1e15::float8 + 0.3)::float8)::int8 IS NULL;
SELECT (pi())::numeric, (pi())::numeric(30,10), (pi())::text, round((pi())::numeric, 5);
SELECT (pi())::numeric::float8 = (pi())::float8, ((pi())::float8)::int8 IS NULL;
SELECT (exp(1::float8))::numeric, (exp(1::float8))::numeric(30,10), (exp(1::float8))::text, round((exp(1::float8))::numeric, 5);
SELECT (exp(1::float8))::numeric::float8 = (exp(1::float8))::float8, ((exp(1::float8))::float8)::int8 IS NULL;
SELECT (1e308::float8)::numeric, (1e308::float8)::numeric(30,10), (1e308::float8)::text, round((1e308::float8)::numeric, 5);
SELECT (1e308::float8)::numeric::float8 = (1e308::float8)::float8, ((1e308::float8)::float8)::int8 IS NULL;
SELECT (5e-324::float8)::numeric, (5e-324::float8)::numeric(30,10), (5e-324::float8)::text, round((5e-324::float8)::numeric, 5);
SELECT (5e-324::float8)::numeric::float8 = (5e-324::float8)::float8, ((5e-324::float8)::float8)::int8 IS NULL;
SELECT (-0.0::float8)::numeric, (-0.0::float8)::numeric(30,10), (-0.0::float8)::text, round((-0.0::float8)::numeric, 5);
SELECT (-0.0::float8)::numeric::float8 = (-0.0::float8)::float8, ((-0.0::float8)::float8)::int8 IS NULL;
SELECT (1/3::float4)::numeric, (1/3::float4)::numeric(30,10), (1/3::float4)::text, round((1/3::float4)::numeric, 5);
SELECT (1/3::float4)::numeric::float8 = (1/3::float4)::float8, ((1/3::float4)::float8)::int8 IS NULL;
SELECT (0.1::float4)::numeric, (0.1::float4)::numeric(30,10), (0.1::float4)::text, round((0.1::float4)::numeric, 5);
SELECT (0.1::float4)::numeric::float8 = (0.1::float4)::float8, ((0.1::float4)::float8)::int8 IS NULL;
SELECT (16777217::float4)::numeric, (16777217::float4)::numeric(30,10), (16777217::float4)::text, round((16777217::float4)::numeric, 5);
SELECT (16777217::float4)::numeric::float8 = (16777217::float4)::float8, ((16777217::float4)::float8)::int8 IS NULL;
SELECT (1e38::float4)::numeric, (1e38::float4)::numeric(30,10), (1e38::float4)::text, round((1e38::float4)::numeric, 5);
SELECT (1e38::float4)::numeric::float8 = (1e38::float4)::float8, ((1e38::float4)::float8)::int8 IS NULL;
SELECT (1.17549435e-38::float4)::numeric, (1.17549435e-38::float4)::numeric(30,10), (1.17549435e-38::float4)::text, round((1.17549435e-38::float4)::numeric, 5);
SELECT (1.17549435e-38::float4)::numeric::float8 = (1.17549435e-38::float4)::float8, ((1.17549435e-38::float4)::float8)::int8 IS NULL;
