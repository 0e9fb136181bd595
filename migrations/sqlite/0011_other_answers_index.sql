-- A theme set's "Other" answers (in no theme, or off-topic), best match first, without reading
-- every answer in the set.
create index theme_answers_other on theme_answers (theme_set_id, similarity) where theme_id is null or off_topic = 1;
