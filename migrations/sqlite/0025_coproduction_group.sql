-- People who chose to take part further in an engagement's co-production: the name they want
-- to be called, how to reach them and who they are, with their consent. Kept apart from survey
-- answers: nothing here leads to a response, and joining reads nothing of one.
create table group_members (
    id integer primary key autoincrement,
    engagement_id bigint not null references engagements (id),
    name text not null,
    -- an email address or a phone number, as they gave it
    contact text not null,
    -- young_people, parents_carers, schools or other
    audience text not null,
    -- the day they agreed to the council keeping these details (midnight, seconds since 1970)
    consented_on bigint not null,
    -- the hash of the secret in their personal link
    link_hash text not null unique
);
create index group_members_engagement on group_members (engagement_id);

-- A comment made by a member, from their personal link, is theirs to return to. Leaving the
-- group takes the link away; the comment stays, anonymous.
alter table document_feedback add column member_id bigint references group_members (id);
