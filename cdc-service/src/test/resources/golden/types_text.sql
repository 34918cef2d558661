-- Text in the column's character set, binary as base64, ENUM, SET in definition order, MariaDB
-- JSON as its text, UUID and INET6 as their canonical text, GEOMETRY as WKT.
DROP DATABASE IF EXISTS golden_text;
CREATE DATABASE golden_text CHARACTER SET utf8mb4;
USE golden_text;
CREATE TABLE strings (
  id INT PRIMARY KEY,
  c CHAR(5), vc VARCHAR(300), tx TEXT, lt LONGTEXT,
  l1 VARCHAR(10) CHARACTER SET latin1, u3 CHAR(3) CHARACTER SET utf8mb3,
  bn BINARY(4), vb VARBINARY(10), bl BLOB,
  e ENUM('small', 'medium', 'large'), s SET('red', 'green', 'blue', 'it''s'),
  l2 VARCHAR(5) CHARACTER SET latin1,
  j JSON
);
INSERT INTO strings VALUES
  (1, 'ab', 'héllo wörld 🌍', 'line 1\nline 2\t"quoted"\\', REPEAT('x', 10),
   'café €', '日本語', 'ab', x'00ff10', x'deadbeef',
   'medium', 'blue,red,it''s', 'ñÿ', '{"a": [1, 2.5, "x"], "b": null}'),
  (2, '', '', '', '', '', '', x'00000000', x'', x'', 'small', '', '', '[]'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE typed (
  id INT PRIMARY KEY,
  u UUID, a INET6,
  g GEOMETRY, p POINT, ls LINESTRING, pg POLYGON, mp MULTIPOINT, gc GEOMETRYCOLLECTION,
  l3 VARCHAR(5) CHARACTER SET latin1
);
INSERT INTO typed VALUES
  (1, '6ccd780c-baba-1026-9564-5b8c656024db', '2001:db8::1',
   ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POINT(-1.5 0.25)'),
   ST_GeomFromText('LINESTRING(0 0,1 1,2 0)'),
   ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,2 1,2 2,1 1))'),
   ST_GeomFromText('MULTIPOINT(1 1,2 2)'),
   ST_GeomFromText('GEOMETRYCOLLECTION(POINT(3 4),LINESTRING(0 0,1 2))'), 'àé'),
  (2, 'ffffffff-ffff-ffff-ffff-ffffffffffff', '::ffff:192.0.2.1',
   NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, '00000000-0000-0000-0000-000000000000', '::', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
