-- A safeguarding action is tied to its response by a key the database enforces, now that a
-- withdrawn response keeps its row and so its id. Before, a withdrawn response's row went (on
-- SQLite its id could then go to the next response started). Actions on a response no longer
-- there, or on one started after the action was recorded, move to their own table, kept as
-- they were.
create table safeguarding_lost_actions (
    id bigint generated always as identity primary key,
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
    select a.response_id, a.user_id, a.outcome, a.note, a.closes, a.created_at, cast(extract(epoch from now()) as bigint)
    from safeguarding_actions a
    where a.response_id is not null
      and not exists (select 1 from responses r where r.id = a.response_id and r.started_at < a.created_at)
    order by a.id;
delete from safeguarding_actions a
    where a.response_id is not null
      and not exists (select 1 from responses r where r.id = a.response_id and r.started_at < a.created_at);
alter table safeguarding_actions add constraint safeguarding_actions_response_fkey
    foreign key (response_id) references responses (id);
