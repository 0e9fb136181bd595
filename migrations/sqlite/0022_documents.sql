-- Documents put out for co-production (a service specification, an options appraisal, a
-- charter): written as ordered sections, then opened for comment version by version.
create table documents (
    id integer primary key autoincrement,
    engagement_id bigint not null references engagements (id),
    -- its web address within the engagement
    slug text not null,
    title text not null,
    summary text not null default '',
    -- the sections being written, as JSON: [{key, heading, text, easy_read}]; a section's key
    -- stays the same from version to version
    draft text not null,
    created_at bigint not null,
    updated_at bigint not null,
    unique (engagement_id, slug)
);

-- A version as it was opened for comment: its sections kept exactly as they were, never changed.
create table document_versions (
    id integer primary key autoincrement,
    document_id bigint not null references documents (id),
    -- 1, 2, 3… within the document
    number bigint not null,
    -- what changed since the version before, and why, in the commissioners' words
    note text not null,
    -- the sections, as JSON, as they were when it was opened
    sections text not null,
    opened_at bigint not null,
    opened_by bigint references users (id),
    unique (document_id, number)
);
