-- Sessions of an account that signed in before this time (milliseconds since 1970) no longer count: set when the account
-- is disabled and when its password is set through a link.
alter table users add column sessions_valid_from bigint;
