-- What an engagement is for in Easy Read: one short idea on each line, shown on its public page
-- beside the plain-English summary ('' when it has none yet).
alter table engagements add column easy_read_summary text not null default '';
