-- How attachment 1 of the notice writes a quota line's unit when that differs from the rule
-- (seed 000: "杜山镇先台村、杜山镇路口村" names the town again). NULL: the rule.
ALTER TABLE quota_lines ADD COLUMN written_as TEXT;
