-- How many children and young people with SEND give each answer to each equality monitoring
-- question (by its characteristic's key, e.g. 'sex'), as the council uploads them: what the
-- equality evidence page compares who took part with.
create table equality_population (
    characteristic text not null,
    answer text not null,
    people bigint not null,
    primary key (characteristic, answer)
);
