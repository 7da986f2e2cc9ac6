-- Who sees a class (#13 point 3). A class has an owning unit: organizers with a unit see the classes owned in their
-- subtree; organizers without one and administrators see all. A class with no owner (NULL) is seen by those only.
ALTER TABLE cohorts ADD COLUMN owner_unit_id BIGINT REFERENCES units(id);
CREATE INDEX ix_cohorts_owner ON cohorts (owner_unit_id);

-- Classes that existed before: owned by the unit that issued them (cohorts.issuer names it, 鄂州市民政局) when exactly
-- one unit bears that name; otherwise left without an owner.
UPDATE cohorts SET owner_unit_id = (SELECT MIN(u.id) FROM units u WHERE u.name = cohorts.issuer)
WHERE owner_unit_id IS NULL AND (SELECT COUNT(*) FROM units u WHERE u.name = cohorts.issuer) = 1;

-- The people on a class: head teacher, mentors, experts, and instructors (instructors of its sessions with an account
-- are on it without a row here; a row adds one by hand). Later features add reviewers and panel members the same way.
CREATE TABLE cohort_staff (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('head_teacher', 'mentor', 'expert', 'instructor')),
    added_by BIGINT REFERENCES users(id),
    added_at {{instant}} NOT NULL
);
CREATE UNIQUE INDEX ux_cohort_staff ON cohort_staff (cohort_id, user_id, role);
CREATE INDEX ix_cohort_staff_user ON cohort_staff (user_id, cohort_id);
