-- 课程开发 (#20, session 8): a meeting's rubric is versioned as a review's is (0024's review_rubrics).
-- course_meetings.rubric stays the current version (its JSON carries the version number); a version replaced once
-- scoring had started is kept here, so a score shows the version it was given under. Each score records that version;
-- the scores written before this script were all given under version 1 (every meeting used the sample).
CREATE TABLE meeting_rubrics (
    meeting_id BIGINT NOT NULL REFERENCES course_meetings(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at {{instant}} NOT NULL,
    PRIMARY KEY (meeting_id, version)
);

ALTER TABLE meeting_scores ADD COLUMN rubric_version INTEGER NOT NULL DEFAULT 1;
