-- Figures shown to anyone below administrator, and every export, show a count under
-- this as "fewer than N", so that nobody in a small group can be picked out.
alter table engagements add column suppression_threshold bigint not null default 5;
