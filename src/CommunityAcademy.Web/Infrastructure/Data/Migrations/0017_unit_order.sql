-- Unit order (issue #15): a unit's position among its siblings, as entered or imported and changed by moving it up or
-- down, and the key that sorts the whole tree in that order: one segment per level, '0' for a department (first) or '1'
-- for a place, then the position in 6 digits: '/1000000/0000000/' is the city's first department. Kept with the path
-- by UnitStore (insert, move, reorder); see CommunityAcademy.Domain.Units.UnitOrder. ORDER BY path compared ids as text
-- ('/1/28/' before '/1/3/'): ORDER BY sort_key instead.
ALTER TABLE units ADD COLUMN sort_order INTEGER NOT NULL DEFAULT 0;
ALTER TABLE units ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';

-- Existing units keep the order they were entered in.
UPDATE units SET sort_order = (
    SELECT COUNT(*) FROM units s WHERE COALESCE(s.parent_id, 0) = COALESCE(units.parent_id, 0) AND s.id < units.id);

WITH RECURSIVE k(id, sort_key) AS (
    SELECT id, '/' || (CASE WHEN kind = 'department' THEN '0' ELSE '1' END)
        || {{sqlite: printf('%06d', sort_order)}}{{postgres: lpad(sort_order::text, 6, '0')}} || '/'
    FROM units WHERE parent_id IS NULL
    UNION ALL
    SELECT u.id, k.sort_key || (CASE WHEN u.kind = 'department' THEN '0' ELSE '1' END)
        || {{sqlite: printf('%06d', u.sort_order)}}{{postgres: lpad(u.sort_order::text, 6, '0')}} || '/'
    FROM units u JOIN k ON u.parent_id = k.id
)
UPDATE units SET sort_key = (SELECT k.sort_key FROM k WHERE k.id = units.id);

CREATE INDEX ix_units_sort_key ON units (sort_key);
