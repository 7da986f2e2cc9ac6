-- Cancelled sessions (已取消): a session with sign-ins, marks or statuses is not deleted but cancelled. It keeps its
-- records, is shown struck through, closes for sign-in and counts nowhere (statistics, bulletin, 学时, calendar, clashes)
-- until it is restored.
ALTER TABLE sessions ADD COLUMN cancelled_at {{instant}};
ALTER TABLE sessions ADD COLUMN cancelled_by BIGINT REFERENCES users(id);
ALTER TABLE sessions ADD COLUMN cancel_reason TEXT;
