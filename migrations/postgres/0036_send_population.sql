-- How many children and young people with SEND live in each district with each area of need, as
-- the council uploads them: what an engagement's response rates are measured against.
create table send_population (
    district text not null,
    need text not null,
    children bigint not null,
    primary key (district, need)
);
