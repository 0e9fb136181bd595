-- What people said about a section of a published version of a document: how they feel about it,
-- whether they understood it, a comment, and the council's reply. Nothing here can lead to anyone's
-- survey answers; a school is known only when its access code was given.
create table document_feedback (
    id integer primary key autoincrement,
    version_id bigint not null references document_versions (id),
    -- the section's key, which stays the same from version to version
    section_key text not null,
    -- support, not_sure or against; null when the person chose none
    reaction text,
    -- 1 when they said they did not understand the section
    unclear bigint not null default 0,
    comment text not null default '',
    -- who they said they are: young_people, parents_carers, schools, other, or '' (not said)
    audience text not null default '',
    school_id bigint references schools (id),
    -- 1 when the comment may disclose harm: only the safeguarding team reads it
    safeguarding_flag bigint not null default 0,
    -- the hash of the secret in the person's own link, where they see the reply
    link_hash text not null unique,
    -- the day it was sent (midnight, seconds since 1970): no time of day is kept
    sent_on bigint not null,
    -- the council's reply: changed, not_changed or noted; null until replied
    reply_kind text,
    reply text not null default '',
    replied_at bigint,
    replied_by bigint references users (id)
);
create index document_feedback_section on document_feedback (version_id, section_key);
create index document_feedback_flagged on document_feedback (safeguarding_flag) where safeguarding_flag = 1;

-- A safeguarding action is about a response or about a comment on a document.
create table safeguarding_actions_new (
    id integer primary key autoincrement,
    response_id bigint,
    feedback_id bigint references document_feedback (id),
    user_id bigint not null references users (id),
    outcome text not null,
    note text not null default '',
    closes bigint not null default 0,
    created_at bigint not null,
    check ((response_id is null) <> (feedback_id is null))
);
insert into safeguarding_actions_new (id, response_id, user_id, outcome, note, closes, created_at)
    select id, response_id, user_id, outcome, note, closes, created_at from safeguarding_actions;
drop table safeguarding_actions;
alter table safeguarding_actions_new rename to safeguarding_actions;
create index safeguarding_actions_response on safeguarding_actions (response_id);
create index safeguarding_actions_feedback on safeguarding_actions (feedback_id);
