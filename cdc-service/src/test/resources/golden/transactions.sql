-- A transaction of several statements over two tables (one UPDATE row gives update_before and
-- update_after); SAVEPOINT / ROLLBACK TO leaves only what was kept; a rolled back transaction is
-- not in the binlog; TRUNCATE is DDL and yields a transaction without documents (as MaxScale emits
-- nothing for it); MyISAM is not transactional, so each statement is its own GTID.
DROP DATABASE IF EXISTS golden_transactions;
CREATE DATABASE golden_transactions;
USE golden_transactions;
CREATE TABLE accounts (id INT PRIMARY KEY, balance INT) ENGINE=InnoDB;
CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20)) ENGINE=InnoDB;
CREATE TABLE plain (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=MyISAM;
INSERT INTO accounts VALUES (1, 100), (2, 50);
BEGIN;
UPDATE accounts SET balance = balance - 30 WHERE id = 1;
UPDATE accounts SET balance = balance + 30 WHERE id = 2;
INSERT INTO audit (note) VALUES ('transfer 30');
DELETE FROM accounts WHERE id = 2;
COMMIT;
BEGIN;
INSERT INTO audit (note) VALUES ('kept');
SAVEPOINT sp;
INSERT INTO audit (note) VALUES ('rolled back');
UPDATE accounts SET balance = 0;
ROLLBACK TO SAVEPOINT sp;
INSERT INTO audit (note) VALUES ('after savepoint');
COMMIT;
BEGIN;
INSERT INTO audit (note) VALUES ('never');
ROLLBACK;
TRUNCATE TABLE audit;
BEGIN;
INSERT INTO plain VALUES (1, 'one');
INSERT INTO plain VALUES (2, 'two');
COMMIT;
UPDATE plain SET v = 'uno' WHERE id = 1;
