-- Foundation: staff accounts, their sessions, and engagements.
-- Timestamps are seconds since 1970 (UTC) in 64-bit integers on both backends.

create table users (
    id integer primary key,
    -- stored trimmed and lower-cased, so sign-in ignores case
    email text not null unique,
    display_name text not null default '',
    -- argon2id PHC string; never logged
    password_hash text not null,
    role text not null check (role in ('admin', 'commissioner', 'analyst', 'safeguarding_lead', 'school_contact', 'viewer')),
    created_at bigint not null,
    -- a disabled account can no longer sign in; kept for the audit trail
    disabled_at bigint
);

-- tower-sessions records; `data` is the session's JSON map
create table sessions (
    id text primary key,
    data text not null,
    expiry_date bigint not null
);
create index sessions_expiry_date on sessions (expiry_date);

create table engagements (
    id integer primary key,
    -- short name used in addresses, e.g. stls-phase-2
    slug text not null unique,
    title text not null,
    -- the purpose in plain English, shown to the public
    summary text not null default '',
    state text not null default 'draft' check (state in ('draft', 'open', 'closed', 'published')),
    opens_at bigint,
    closes_at bigint,
    created_at bigint not null
);
