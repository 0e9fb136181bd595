-- Writes anyone may make without signing in (comments, sign-ups), counted per client and per kind
-- in the database, so that every app server sharing it counts them together. Rows older than the
-- longest window are deleted.
create table public_writes (
    id integer primary key autoincrement,
    kind text not null,
    client text not null,
    at_ms bigint not null
);
create index public_writes_client on public_writes (kind, client, at_ms);
create index public_writes_age on public_writes (at_ms);
