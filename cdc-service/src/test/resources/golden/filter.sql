-- settings: match=golden_filter[.] exclude=golden_filter[.](secret|other) send_schema=true
-- Only tables that match and are not excluded are sent; a transaction touching only excluded
-- tables is still handed on, without documents, for its GTID. Event numbers count only the rows
-- sent.
DROP DATABASE IF EXISTS golden_filter;
CREATE DATABASE golden_filter;
DROP DATABASE IF EXISTS golden_unmatched;
CREATE DATABASE golden_unmatched;
USE golden_filter;
CREATE TABLE kept (id INT PRIMARY KEY);
CREATE TABLE secret (id INT PRIMARY KEY);
CREATE TABLE golden_unmatched.t (id INT PRIMARY KEY);
BEGIN;
INSERT INTO secret VALUES (1);
INSERT INTO kept VALUES (1);
INSERT INTO golden_unmatched.t VALUES (1);
INSERT INTO kept VALUES (2);
COMMIT;
INSERT INTO secret VALUES (2);
INSERT INTO golden_unmatched.t VALUES (2);
