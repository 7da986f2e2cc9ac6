-- 初始登录码 (one-time codes): a trainee account's first password is a per-person secret printed on a slip, no longer
-- derived from the phone or ID number. The code is kept protected (ASP.NET data protection, keys in this database, so
-- every web node reads it) until the trainee sets a password, so slips and the unit contact's list can be printed
-- again; it expires.
ALTER TABLE users ADD COLUMN one_time_code TEXT;
ALTER TABLE users ADD COLUMN one_time_code_expires_at {{instant}};

-- Trainee accounts that still wait for their first sign-in had the last six digits of a phone or ID number as their
-- password: that password stops working now, and the head teacher or organizer issues a code.
UPDATE users SET one_time_code_expires_at = created_at
WHERE must_change_password = TRUE AND id IN (SELECT user_id FROM user_roles WHERE role = 'trainee');
