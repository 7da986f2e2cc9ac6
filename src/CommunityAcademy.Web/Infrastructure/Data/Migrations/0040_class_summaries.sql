-- 培训总结 (#24 point 1): what the organizer adds to a class's summary — the closing section (结语/下一步工作), kept as
-- typed, and the learning-log entries chosen for it (log_ids: ids separated by spaces; NULL: the class's 精选 entries).
-- version grows by one with each save: a save made from an older version is refused and both texts are shown.
CREATE TABLE class_summaries (
    cohort_id BIGINT PRIMARY KEY REFERENCES cohorts(id) ON DELETE CASCADE,
    closing TEXT NOT NULL,
    log_ids TEXT,
    version INTEGER NOT NULL,
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
