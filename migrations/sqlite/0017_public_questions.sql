-- The closed questions whose figures a commissioner picked for an engagement's public results
-- page. Nothing is public until the engagement's results are marked as published.
create table public_questions (
    survey_id bigint not null references surveys (id) on delete cascade,
    question_id text not null,
    primary key (survey_id, question_id)
);
