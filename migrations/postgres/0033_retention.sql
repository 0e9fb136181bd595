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
