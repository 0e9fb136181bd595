-- Counting a survey's responses not withdrawn or deleted, which every cached figure checks
-- before it is reused, reads this index alone rather than every response's row.
create index responses_version_open on responses (survey_version_id) where withdrawn_at is null and deleted_at is null;
