-- A theme set's counts and quote candidates for one area of need, kept like the set's own summary
-- (0009) with the key they were computed for: when the set last changed, how many answers it held
-- and which questions are about the need. Counting them looks at each placed answer's respondent's
-- areas of need, a second or more at a million answers; kept, a later view reads one row.
create table theme_need_summaries (
    theme_set_id bigint not null references theme_sets (id) on delete cascade,
    need text not null,
    summary_key text not null,
    summary text not null,
    primary key (theme_set_id, need)
);
