-- Personal data: a head teacher's reveals of a trainee's number are audited and limited per hour, counted from
-- audit_log by user, action and time.
CREATE INDEX ix_audit_user_action ON audit_log (user_id, action, at);
