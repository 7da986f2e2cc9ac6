-- #22 point 1: the certificate rule "online items completed" — at least this percent of the class's online items (live
-- courses, case pushes, theme courses) completed; 100: every one; NULL: no such rule.
ALTER TABLE certificate_settings ADD COLUMN min_online_percent INTEGER;
