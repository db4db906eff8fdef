-- 0002: mark the file as a kakaologin database (application_id "KKLG",
-- the applicationID constant), so Open tells it from other SQLite files.
PRAGMA application_id = 1263225927;
