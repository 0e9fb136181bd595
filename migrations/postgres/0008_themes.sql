-- Sentence vectors of free-text answers, made once in the background as answers arrive.
-- The vector is stored as signed bytes (scaled; only its direction matters).
create table answer_vectors (
    response_id bigint not null references responses (id) on delete cascade,
    question_id text not null,
    -- how the vector was made; vectors of different methods are never compared
    method text not null,
    vector bytea not null,
    primary key (response_id, question_id)
);

-- One set of themes per engagement and scope: one survey's question ('q-<survey id>-<question id>')
-- or every free-text answer in the engagement ('all').
create table theme_sets (
    id bigint generated always as identity primary key,
    engagement_id bigint not null references engagements (id),
    scope text not null,
    method text not null,
    created_at bigint not null,
    updated_at bigint not null,
    unique (engagement_id, scope)
);

create table themes (
    id bigint generated always as identity primary key,
    theme_set_id bigint not null references theme_sets (id) on delete cascade,
    label text not null,
    description text not null default '',
    -- found, no_answer, nothing_to_add or analyst
    kind text not null,
    -- signed-byte centre for placing later answers; null for buckets and analysts' themes
    centroid bytea,
    reviewed bigint not null default 0,
    notes text not null default '',
    created_at bigint not null
);
create index themes_set on themes (theme_set_id);

-- Where each answer sits. A null theme means "Other" (not in any theme).
create table theme_answers (
    theme_set_id bigint not null references theme_sets (id) on delete cascade,
    response_id bigint not null references responses (id) on delete cascade,
    question_id text not null,
    theme_id bigint references themes (id) on delete set null,
    -- positive, negative, mixed or neutral
    stance text not null,
    similarity double precision not null default 0,
    off_topic bigint not null default 0,
    reviewed bigint not null default 0,
    -- auto or analyst: who put the answer where it is
    source text not null,
    primary key (theme_set_id, response_id, question_id)
);
create index theme_answers_theme on theme_answers (theme_id);

-- Every change to a theme set, by the engine or an analyst.
create table theme_audit (
    id bigint generated always as identity primary key,
    theme_set_id bigint not null references theme_sets (id) on delete cascade,
    at bigint not null,
    user_id bigint references users (id),
    -- auto or analyst
    source text not null,
    action text not null,
    detail text not null
);
create index theme_audit_set on theme_audit (theme_set_id, at);
