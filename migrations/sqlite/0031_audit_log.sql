-- Staff reading or downloading personal data (answers, themes' answers, safeguarding items, the
-- co-production group, email addresses), and changes to accounts: who, when, what and the address.
-- Ids are never reused, so an entry is never mistaken for another.
create table audit_log (
    id integer primary key autoincrement,
    at bigint not null,
    user_id bigint not null references users (id),
    action text not null,
    address text not null
);
create index audit_log_at on audit_log (at);
