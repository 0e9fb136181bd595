-- Schools and settings, and the access codes that attribute a school's feedback to it.

create table schools (
    id bigint generated always as identity primary key,
    name text not null,
    -- one of Kent's 12 districts
    district text not null,
    -- early years, primary, secondary, all-through, special, post-16
    phase text not null,
    created_at bigint not null,
    unique (name, district)
);

-- One short code per school per survey: feedback given with it counts for that school.
create table access_codes (
    code text primary key,
    school_id bigint not null references schools (id),
    survey_id bigint not null references surveys (id),
    created_at bigint not null,
    unique (school_id, survey_id)
);

alter table responses add column school_id bigint references schools (id);
