-- Leave in detail (#14): the sessions a request was made for (none: a time span typed in) and the photo of a note
-- (a doctor's note …) in the attachment store. The photo belongs to the trainee's enrolment (attachments.owner_kind
-- 'leave_note', owner_id = enrollments.id), so one photo may back the several requests one form makes.
ALTER TABLE leave_requests ADD COLUMN attachment_id BIGINT REFERENCES attachments(id) ON DELETE SET NULL;

CREATE TABLE leave_request_sessions (
    leave_request_id BIGINT NOT NULL REFERENCES leave_requests(id) ON DELETE CASCADE,
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    PRIMARY KEY (leave_request_id, session_id)
);
