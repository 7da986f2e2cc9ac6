-- 评审汇总 (#18, #19): each submission's panel sums, kept in the transaction that changes one of its scores, an
-- acceptance or the review's rubric version (ReviewPanelSums): how many submitted totals the rubric counts (its
-- version, or accepted), their sum, lowest and highest (hundredths, as review_scores.total_x100), and how many were
-- left out for an older version. The ranking and the class score read these ready rows instead of summing every
-- score (docs/benchmarks.md). A submission without a submitted score has no row.
CREATE TABLE review_panel_sums (
    submission_id BIGINT PRIMARY KEY REFERENCES review_submissions(id) ON DELETE CASCADE,
    review_id BIGINT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    counted INTEGER NOT NULL,
    sum_x100 BIGINT NOT NULL,
    min_x100 BIGINT,
    max_x100 BIGINT,
    older INTEGER NOT NULL
);
CREATE INDEX ix_review_panel_sums_review ON review_panel_sums (review_id);

INSERT INTO review_panel_sums (submission_id, review_id, counted, sum_x100, min_x100, max_x100, older)
SELECT s.id, s.review_id,
       COUNT(CASE WHEN sc.rubric_version = r.rubric_version OR sc.accepted THEN 1 END),
       CAST(COALESCE(SUM(CASE WHEN sc.rubric_version = r.rubric_version OR sc.accepted THEN sc.total_x100 END), 0) AS BIGINT),
       MIN(CASE WHEN sc.rubric_version = r.rubric_version OR sc.accepted THEN sc.total_x100 END),
       MAX(CASE WHEN sc.rubric_version = r.rubric_version OR sc.accepted THEN sc.total_x100 END),
       COUNT(CASE WHEN NOT (sc.rubric_version = r.rubric_version OR sc.accepted) THEN 1 END)
FROM review_scores sc
JOIN review_submissions s ON s.id = sc.submission_id
JOIN reviews r ON r.id = s.review_id
WHERE sc.status = 'submitted'
GROUP BY s.id, s.review_id;
