-- One attachment store for every feature (receipt files now; leave notes, group outputs, tasks, seals later): the bytes
-- live in the database so web nodes keep no state. owner_kind + owner_id name what the file belongs to (e.g.
-- 'receipt', receipts.id); the owner's feature decides who may download it. cohort_id carries the per-class quota.
CREATE TABLE attachments (
    id {{pk}},
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    cohort_id BIGINT REFERENCES cohorts(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes {{blob}} NOT NULL,
    display_bytes {{blob}},
    created_by BIGINT REFERENCES users(id),
    created_at {{instant}} NOT NULL
);
CREATE INDEX ix_attachments_owner ON attachments (owner_kind, owner_id);
CREATE INDEX ix_attachments_cohort ON attachments (cohort_id);
