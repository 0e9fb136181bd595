-- PostgreSQL keeps each survey version's responses counted by a trigger (its 0041). SQLite counts
-- them from its index in a few milliseconds, so it keeps nothing more.
select 1;
