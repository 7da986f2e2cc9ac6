-- Feedback surveys (#23 points 2–7). A survey belongs to a class; its questions are the builder's text (Domain/Surveys/
-- SurveyForm: stable keys, so a copy to the next class compares the same question). audiences: comma list of trainees,
-- instructors, staff, hosts, public. anonymous: signed-in answers are not linked to the person (survey_takers keeps only
-- that they answered: one each). opens_at/closes_at: UTC instants (typed in the class's time zone).
-- public_token: the open link's token (one answer per device, a second one flagged duplicate and left out of counts).
CREATE TABLE surveys (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    audiences TEXT NOT NULL,
    anonymous BOOLEAN NOT NULL DEFAULT FALSE,
    definition TEXT NOT NULL,
    opens_at {{instant}},
    closes_at {{instant}},
    public_token TEXT UNIQUE,
    copied_from BIGINT REFERENCES surveys(id) ON DELETE SET NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_surveys_cohort ON surveys (cohort_id);

-- A host's personal link (教学点负责人, no account): the SHA-256 of its token, whom it is for, until when. One answer.
CREATE TABLE survey_hosts (
    id {{pk}},
    survey_id BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    teaching_point_id BIGINT REFERENCES teaching_points(id) ON DELETE SET NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at {{instant}} NOT NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_survey_hosts_survey ON survey_hosts (survey_id);

-- Signed-in people who submitted (named or anonymous): one answer each, whatever the response row says.
CREATE TABLE survey_takers (
    survey_id BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (survey_id, user_id)
);

-- One response: a draft (submitted_at NULL) saved as the respondent types, then submitted. user_id: the respondent while
-- a draft, and after submitting only when the survey is named. host_id: a host link's answer (one). device_key: the public
-- link's device (PublicForms.DeviceKey). duplicate: a second submitted answer from one device (not counted).
CREATE TABLE survey_responses (
    id {{pk}},
    survey_id BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    audience TEXT NOT NULL CHECK (audience IN ('trainees', 'instructors', 'staff', 'hosts', 'public')),
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    host_id BIGINT REFERENCES survey_hosts(id) ON DELETE CASCADE,
    device_key TEXT,
    duplicate BOOLEAN NOT NULL DEFAULT FALSE,
    submitted_at {{instant}},
    updated_at {{instant}} NOT NULL
);
CREATE INDEX ix_survey_responses_survey ON survey_responses (survey_id, submitted_at);
CREATE INDEX ix_survey_responses_user ON survey_responses (survey_id, user_id);
CREATE UNIQUE INDEX ux_survey_responses_host ON survey_responses (host_id);
CREATE INDEX ix_survey_responses_device ON survey_responses (survey_id, device_key);

-- The items of a response: a choice (option number), a rating, a matrix cell (session, aspect) or a text with its terms
-- (ChineseText.Terms, space-separated, cut when saved). counted: the response is submitted and not a duplicate (the
-- analysis reads only these, by survey and question).
CREATE TABLE survey_answers (
    id {{pk}},
    response_id BIGINT NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    survey_id BIGINT NOT NULL,
    counted BOOLEAN NOT NULL DEFAULT FALSE,
    question_key TEXT NOT NULL,
    session_id BIGINT,
    aspect TEXT,
    value BIGINT,
    text_value TEXT,
    terms TEXT
);
CREATE INDEX ix_survey_answers_response ON survey_answers (response_id);
CREATE INDEX ix_survey_answers_count ON survey_answers (survey_id, counted, question_key, session_id, aspect, value);
