-- Resume and receipt codes are kept only as hashes (the hash of a code is what `chorus` looks
-- up). The codes a previous release stored in plain text are hashed when `chorus` starts
-- (`respond::queries::hash_plain_codes`), as SQLite has no hash function of its own.
alter table responses rename column resume_code to resume_code_hash;
alter table responses rename column receipt_code to receipt_code_hash;
