INSERT INTO ins VALUES (:client_id, 1);
