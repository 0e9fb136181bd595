-- A safeguarding action is tied to its response by a key the database enforces, now that a
-- withdrawn response keeps its row and so its id. Before, a withdrawn response's row went, and
-- SQLite gave its id to the next response started when it was the highest: actions recorded on
-- it then showed against someone else's. Such actions, on a response no longer there or on one
-- started after the action was recorded, move to their own table, kept as they were.
create table safeguarding_lost_actions (
    id integer primary key autoincrement,
    -- the response id the action was recorded against, as it was
    response_id bigint not null,
    user_id bigint not null references users (id),
    outcome text not null,
    note text not null default '',
    closes bigint not null default 0,
    created_at bigint not null,
    moved_at bigint not null
);
insert into safeguarding_lost_actions (response_id, user_id, outcome, note, closes, created_at, moved_at)
    select a.response_id, a.user_id, a.outcome, a.note, a.closes, a.created_at, cast(strftime('%s', 'now') as bigint)
    from safeguarding_actions a
    where a.response_id is not null
      and not exists (select 1 from responses r where r.id = a.response_id and r.started_at < a.created_at)
    order by a.id;

create table safeguarding_actions_new (
    id integer primary key autoincrement,
    response_id bigint references responses (id),
    feedback_id bigint references document_feedback (id),
    user_id bigint not null references users (id),
    outcome text not null,
    note text not null default '',
    closes bigint not null default 0,
    created_at bigint not null,
    check ((response_id is null) <> (feedback_id is null))
);
insert into safeguarding_actions_new (id, response_id, feedback_id, user_id, outcome, note, closes, created_at)
    select a.id, a.response_id, a.feedback_id, a.user_id, a.outcome, a.note, a.closes, a.created_at
    from safeguarding_actions a
    where a.response_id is null
       or exists (select 1 from responses r where r.id = a.response_id and r.started_at < a.created_at);
drop table safeguarding_actions;
alter table safeguarding_actions_new rename to safeguarding_actions;
create index safeguarding_actions_response on safeguarding_actions (response_id);
create index safeguarding_actions_feedback on safeguarding_actions (feedback_id);
