-- Face-to-face co-production: a workshop about a document, with how many from each group took
-- part, the sections it discussed and what was agreed.
create table workshops (
    id integer primary key autoincrement,
    document_id bigint not null references documents (id),
    -- the day it was held (midnight, seconds since 1970)
    held_on bigint not null,
    title text not null,
    young_people bigint not null default 0,
    parents_carers bigint not null default 0,
    schools bigint not null default 0,
    others bigint not null default 0,
    -- the keys of the sections it discussed, as JSON
    sections text not null,
    agreed text not null,
    recorded_by bigint references users (id),
    recorded_at bigint not null
);
create index workshops_document on workshops (document_id);

-- A version published as the final one takes no more comments. Set when it is published, never after.
alter table document_versions add column final bigint not null default 0;

-- Sign-off: the bodies that approved a final version, with the date and a note.
create table document_approvals (
    id integer primary key autoincrement,
    version_id bigint not null references document_versions (id),
    body text not null,
    approved_on bigint not null,
    note text not null default '',
    recorded_by bigint references users (id),
    recorded_at bigint not null
);
create index document_approvals_version on document_approvals (version_id);
