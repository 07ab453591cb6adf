INSERT INTO bulk SELECT g, 'row ' || g FROM generate_series(1, 1000000) g;
