-- The schools a school contact's account speaks for: they see those schools' access codes and
-- response counts, and nothing of other schools.
create table school_contacts (
    user_id bigint not null references users (id) on delete cascade,
    school_id bigint not null references schools (id) on delete cascade,
    primary key (user_id, school_id)
);
