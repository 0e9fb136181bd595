-- Surveys, their published versions, and responses.

create table surveys (
    id bigint generated always as identity primary key,
    engagement_id bigint not null references engagements (id),
    -- the public address: /s/{slug}
    slug text not null unique,
    -- young_people, parents_carers, schools or other
    audience text not null,
    title text not null,
    -- the definition being edited (JSON); publishing copies it into survey_versions
    draft text not null,
    -- the version respondents answer now; null until first published
    live_version_id bigint,
    created_at bigint not null,
    updated_at bigint not null
);

create table survey_versions (
    id bigint generated always as identity primary key,
    survey_id bigint not null references surveys (id),
    version bigint not null,
    -- immutable JSON snapshot of the survey as published
    definition text not null,
    published_at bigint not null,
    unique (survey_id, version)
);

create table responses (
    id bigint generated always as identity primary key,
    survey_version_id bigint not null references survey_versions (id),
    -- link, qr or school_code
    channel text not null,
    -- SHA-256 of the secret in the respondent's cookie; the secret itself is never stored
    token_hash text not null unique,
    -- short code to carry on later on any device
    resume_code text not null unique,
    -- given on submit; withdraws the response
    receipt_code text unique,
    -- JSON draft: answers by question id and the pages submitted
    draft text not null,
    started_at bigint not null,
    updated_at bigint not null,
    submitted_at bigint,
    -- 1 when a free-text answer may disclose harm; the safeguarding lead reviews it
    safeguarding_flag bigint not null default 0
);
create index responses_version_submitted on responses (survey_version_id, submitted_at);

-- One row per answer (per choice for multiple choice), written on submit for analysis.
create table answers (
    response_id bigint not null references responses (id) on delete cascade,
    question_id text not null,
    choice text,
    text_value text,
    number_value bigint
);
create index answers_response on answers (response_id);
create index answers_question on answers (question_id);
