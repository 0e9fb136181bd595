-- Sign-in attempts are also counted per client across every address.
create index sign_in_attempts_client on sign_in_attempts (client, at_ms);
