-- settings: send_schema=false
-- Two GTID domains: the domain of each transaction is the session's gtid_domain_id, and the
-- documents carry it. Schema records are off here (send_schema=false).
DROP DATABASE IF EXISTS golden_domains;
CREATE DATABASE golden_domains;
USE golden_domains;
CREATE TABLE t (id INT PRIMARY KEY, domain_name VARCHAR(10));
INSERT INTO t VALUES (1, 'zero');
SET SESSION gtid_domain_id = 1;
INSERT INTO t VALUES (2, 'one');
UPDATE t SET domain_name = 'one!' WHERE id = 2;
SET SESSION gtid_domain_id = 0;
INSERT INTO t VALUES (3, 'zero again');
