-- 违纪记录: whether a record was reported (通报) to the trainee's superior discipline and organization departments is
-- the organizer's decision per record, not the class's rule applied to every departure. Until now every unauthorized
-- departure was written with the class's escalation text as if it had been reported; those texts recorded nothing
-- anyone did, so they are cleared. escalation (existing) is now whom it was reported to.
ALTER TABLE discipline_records ADD COLUMN escalation_decision TEXT CHECK (escalation_decision IN ('reported', 'not_reported'));
ALTER TABLE discipline_records ADD COLUMN escalated_on {{date}};
ALTER TABLE discipline_records ADD COLUMN escalation_decided_by BIGINT REFERENCES users(id);
ALTER TABLE discipline_records ADD COLUMN escalation_decided_at {{instant}};
UPDATE discipline_records SET escalation = NULL;

-- The title of the class's 通报 as the organizer breaks it: lines separated by "|"
-- (null: broken at word boundaries into near-equal lines).
ALTER TABLE cohorts ADD COLUMN bulletin_title TEXT;
