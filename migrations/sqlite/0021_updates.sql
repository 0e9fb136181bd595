-- People who asked to hear when an engagement's results or "You said, we did" are published.
-- Kept apart from the answers: nothing here refers to a response, and only the day someone
-- asked is kept, not the time, so that an address cannot be matched with when a response was
-- sent.
create table update_subscriptions (
    id integer primary key autoincrement,
    engagement_id bigint not null references engagements (id),
    -- trimmed and in lower case
    email text not null,
    -- the secret in the link that stops the emails; stopping deletes the row
    stop_token text not null unique,
    -- midnight (UTC) of the day they asked
    signed_up_on bigint not null,
    unique (engagement_id, email)
);

-- Something published that those who asked are told about.
create table update_notices (
    id integer primary key autoincrement,
    engagement_id bigint not null references engagements (id),
    -- 'results' or 'you_said'
    kind text not null,
    created_at bigint not null
);

-- One email for each notice and each person who had asked by then, made with the notice and
-- sent by whichever app server claims it first.
create table update_deliveries (
    notice_id bigint not null references update_notices (id),
    subscription_id bigint not null references update_subscriptions (id),
    claimed_at bigint,
    sent_at bigint,
    primary key (notice_id, subscription_id)
);
