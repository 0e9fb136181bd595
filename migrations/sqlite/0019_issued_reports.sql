-- Reports issued to a board or committee: each a numbered, dated copy of the report as it was
-- issued, never changed, so that what a board read can be opened again.
create table issued_reports (
    id integer primary key autoincrement,
    engagement_id bigint not null references engagements (id),
    -- 1, 2, 3… within the engagement
    number bigint not null,
    issued_at bigint not null,
    issued_by bigint references users (id),
    -- who it was issued for, e.g. "Cabinet Committee, 14 January 2027"
    audience text not null,
    -- the report's body as issued, HTML
    body text not null,
    unique (engagement_id, number)
);
