-- The outcomes framework: outcome statements in the council's groups, each in its order, and
-- which questions measure each. A question is linked by choosing from the framework, so two
-- spellings of one outcome never become two outcomes. Links belong to a survey's question id,
-- which every version of the survey keeps, and change nothing respondents see.
create table outcome_groups (
    id integer primary key autoincrement,
    name text not null unique,
    position bigint not null
);
create table outcomes (
    id integer primary key autoincrement,
    group_id bigint not null references outcome_groups (id),
    statement text not null unique,
    position bigint not null,
    created_at bigint not null
);
create index outcomes_group on outcomes (group_id, position);
create table question_outcomes (
    survey_id bigint not null references surveys (id) on delete cascade,
    question_id text not null,
    outcome_id bigint not null references outcomes (id) on delete cascade,
    primary key (survey_id, question_id, outcome_id)
);
create index question_outcomes_outcome on question_outcomes (outcome_id);
-- Work the app does once at start-up after an upgrade, in Rust, because it reads survey
-- definitions: here, turning the outcome statements typed on questions into framework links.
create table pending_upgrades (
    name text primary key
);
insert into pending_upgrades (name) values ('outcome tags');
