-- One-time links to set a password. An administrator makes one for a new member of staff, or for
-- someone who has forgotten their password, and gives it to them; it works once, until it expires.
-- Only a hash of the link's secret is kept.
create table password_links (
    token_hash text primary key,
    user_id bigint not null references users (id) on delete cascade,
    created_by bigint references users (id),
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint
);
create index password_links_user on password_links (user_id);
