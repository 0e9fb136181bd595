-- Sign-in attempts with an email address from one client in the last fifteen minutes (milliseconds
-- since 1970), kept here so that every app server sharing the database counts them together and a
-- restart forgets none. An attempt's row goes when the password proves right, when a new password is
-- set through a link, and once it is older than the window.
create table sign_in_attempts (
    id bigint generated always as identity primary key,
    email text not null,
    client text not null,
    at_ms bigint not null
);
create index sign_in_attempts_key on sign_in_attempts (email, client, at_ms);
create index sign_in_attempts_age on sign_in_attempts (at_ms);
