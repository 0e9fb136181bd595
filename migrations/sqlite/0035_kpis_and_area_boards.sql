-- Key performance indicators under the framework's outcomes: what is measured (one question
-- in each survey it is measured in, so each engagement is a wave), with a baseline and a target
-- for a period. A positive answer is the positive end of the question, as on the outcomes page.
create table kpis (
    id integer primary key autoincrement,
    outcome_id bigint not null references outcomes (id) on delete cascade,
    name text not null,
    baseline bigint,
    target bigint,
    period text not null default '',
    position bigint not null,
    created_at bigint not null
);
create index kpis_outcome on kpis (outcome_id, position);
create table kpi_questions (
    kpi_id bigint not null references kpis (id) on delete cascade,
    survey_id bigint not null references surveys (id) on delete cascade,
    question_id text not null,
    primary key (kpi_id, survey_id)
);
-- The area boards the districts are grouped into; the council may move a district.
create table area_boards (
    district text primary key,
    board text not null
);
insert into area_boards (district, board) values
    ('Dartford', 'North Kent'), ('Gravesham', 'North Kent'), ('Swale', 'North Kent'),
    ('Sevenoaks', 'West Kent'), ('Tonbridge and Malling', 'West Kent'), ('Tunbridge Wells', 'West Kent'), ('Maidstone', 'West Kent'),
    ('Canterbury', 'East Kent'), ('Thanet', 'East Kent'), ('Dover', 'East Kent'),
    ('Ashford', 'South Kent'), ('Folkestone and Hythe', 'South Kent');
