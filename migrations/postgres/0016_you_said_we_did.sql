-- "You said, we did": what people said, and what the council will do or did about it. An entry
-- is a draft until published; every publication keeps a dated copy that never changes, so people
-- can see what moved.
create table you_said_entries (
    id bigint generated always as identity primary key,
    engagement_id bigint not null references engagements (id),
    -- what people said, in a sentence or two
    said text not null,
    -- what the council will do, or did
    did text not null,
    status text not null check (status in ('planned', 'in_progress', 'done', 'not_doing')),
    -- why not, when the council is not doing it
    reason text not null default '',
    -- the team or person answerable for it
    owner text not null default '',
    -- the same in Easy Read: one short idea on each line
    easy_read text not null default '',
    created_at bigint not null,
    updated_at bigint not null
);
create index you_said_entries_engagement on you_said_entries (engagement_id);

-- The themes an entry answers; their counts by group are shown beside it.
create table you_said_themes (
    entry_id bigint not null references you_said_entries (id) on delete cascade,
    theme_id bigint not null references themes (id) on delete cascade,
    primary key (entry_id, theme_id)
);

-- Each publication of an entry, exactly as it was published.
create table you_said_versions (
    id bigint generated always as identity primary key,
    entry_id bigint not null references you_said_entries (id),
    said text not null,
    did text not null,
    status text not null,
    reason text not null,
    owner text not null,
    easy_read text not null,
    published_at bigint not null,
    published_by bigint references users (id)
);
create index you_said_versions_entry on you_said_versions (entry_id, id);
