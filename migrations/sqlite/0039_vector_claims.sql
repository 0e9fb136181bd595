-- Which app server is making an answer's vector, and until when: several servers on one database
-- each claim answers before making their vectors, so that each answer's is made once. A claim is
-- let go once the vector is kept; one left by a server that stopped runs out.
create table vector_claims (
    response_id bigint not null references responses (id) on delete cascade,
    question_id text not null,
    holder text not null,
    expires_at bigint not null,
    primary key (response_id, question_id)
);
