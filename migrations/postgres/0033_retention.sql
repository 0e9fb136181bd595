-- Each engagement may say when its answers are deleted: after `delete_answers_on` (the end of
-- that day, as a time), once the engagement has closed, a background job deletes them and sets
-- `answers_deleted_at`. Published figures are kept as they were that day in `published_results`.
alter table engagements add column delete_answers_on bigint;
alter table engagements add column answers_deleted_at bigint;
alter table engagements add column published_results text;
-- A response whose answers were deleted keeps its row (so its id is never another's), marked
-- with when, and when it had been sent; a flagged one keeps its written answers for the
-- safeguarding record.
alter table responses add column deleted_at bigint;
alter table responses add column sent_before_deletion bigint;
-- How many responses each theme held, by audience, when the answers were deleted: what
-- "You said, we did" goes on showing beside each theme.
create table kept_theme_counts (
    engagement_id bigint not null references engagements (id),
    theme_id bigint not null,
    audience text not null,
    responses bigint not null,
    primary key (engagement_id, theme_id, audience)
);
