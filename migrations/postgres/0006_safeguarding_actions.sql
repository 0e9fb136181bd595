-- What a safeguarding lead did about a response flagged as a possible disclosure of
-- harm. Kept even if the response is later withdrawn, as the record of action taken.
create table safeguarding_actions (
    id bigint generated always as identity primary key,
    response_id bigint not null,
    user_id bigint not null references users (id),
    -- reviewed_no_concern, passed_to_school, referred, other
    outcome text not null,
    note text not null default '',
    -- 1 when this action closes the matter
    closes bigint not null default 0,
    created_at bigint not null
);
create index safeguarding_actions_response on safeguarding_actions (response_id);
