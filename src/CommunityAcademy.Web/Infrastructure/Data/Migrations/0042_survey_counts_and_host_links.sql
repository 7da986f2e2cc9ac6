-- Surveys (#23): the analysis page in one pass over one covering index, and host links that can be revoked.
--
-- first_of_question: the item is its response's first for its question (a multiple choice has several items, a matrix
-- one per cell), so SUM over it counts respondents without COUNT(DISTINCT response_id). first_of_session: a matrix
-- cell that is its response's first for its session (across matrix questions): raters per session the same way. Set
-- when an answer is saved (SurveyAnswers.SaveAsync); existing answers are back-filled here.
ALTER TABLE survey_answers ADD COLUMN first_of_question BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE survey_answers ADD COLUMN first_of_session BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE survey_answers SET first_of_question = TRUE
WHERE id IN (SELECT MIN(id) FROM survey_answers GROUP BY response_id, question_key);
UPDATE survey_answers SET first_of_session = TRUE
WHERE id IN (SELECT MIN(id) FROM survey_answers WHERE session_id IS NOT NULL GROUP BY response_id, session_id);

-- The analysis groups by (question, session, aspect, value) in index order and reads both flags from the index.
DROP INDEX ix_survey_answers_count;
CREATE INDEX ix_survey_answers_count ON survey_answers (survey_id, counted, question_key, session_id, aspect, value, first_of_question, first_of_session);
-- A text question's answers, newest or by id, without visiting the choice and rating items.
CREATE INDEX ix_survey_answers_text ON survey_answers (survey_id, question_key, counted, id) WHERE text_value IS NOT NULL;

-- A host link revoked by the organizer (asked first, audited): it answers "withdrawn", never the form. A link re-issued
-- gets a new token_hash in place (the old token stops working), so the host keeps their row and their answer.
ALTER TABLE survey_hosts ADD COLUMN revoked_at {{instant}};
ALTER TABLE survey_hosts ADD COLUMN revoked_by BIGINT REFERENCES users(id);
