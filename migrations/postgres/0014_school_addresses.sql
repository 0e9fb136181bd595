-- A school's postal address, for the letter that gives it its access code ('' when not known).
alter table schools add column address text not null default '';
